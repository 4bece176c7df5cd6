package dev.strangler.cdc.plan;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Connections to a plan's databases. */
public final class Databases {

    private Databases() {}

    public static Connection connect(MigrationPlan.Database db) throws SQLException {
        return DriverManager.getConnection(db.url(), db.user(), db.password() == null ? "" : db.password());
    }
}
