package dev.strangler.connect.sink;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** The sink's options, declared once: name, type, default, documentation. */
final class SinkConfig extends AbstractConfig {

    static final String VERSION = "0.1.0";
    static final String URL = "connection.url";
    static final String USER = "connection.user";
    static final String PASSWORD = "connection.password";
    static final String MARKER_TABLE = MarkerTable.TABLE_SETTING;
    static final String MARKER_STREAM = MarkerTable.STREAM_SETTING;
    static final String POSITION_TABLE = PositionTable.SETTING;

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    URL,
                    ConfigDef.Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.Importance.HIGH,
                    "JDBC URL of the target PostgreSQL database, e.g. jdbc:postgresql://db:5432/catalog")
            .define(
                    USER,
                    ConfigDef.Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    ConfigDef.Importance.HIGH,
                    "Target database user")
            .define(PASSWORD, ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.HIGH, "Target database password")
            .define(
                    MARKER_TABLE,
                    ConfigDef.Type.STRING,
                    "",
                    ConfigDef.Importance.MEDIUM,
                    "The target table of the stream's sync markers: its rows get applied_at = the apply time, which the sync "
                            + "barrier and the lag measurement read. Empty: no marker table.")
            .define(
                    MARKER_STREAM,
                    ConfigDef.Type.STRING,
                    "",
                    ConfigDef.Importance.MEDIUM,
                    "The stream's name: only marker rows of this stream (stream = name or name/...) are applied, so markers "
                            + "of other streams of the same source, or of the stream syncing back, do not echo. Empty: all.")
            .define(
                    POSITION_TABLE,
                    ConfigDef.Type.STRING,
                    PositionTable.NAME,
                    ConfigDef.Importance.MEDIUM,
                    "The target table holding, per stream (marker.stream), the source position of the last change applied, "
                            + "written in the transaction that applies it; changes at or before it are skipped, so a change that "
                            + "arrives again (a restarted task, a source that re-sends) is applied once. It must exist "
                            + "(`strangler cdc apply` creates it) and be in no publication. Empty: every change is applied.");

    SinkConfig(Map<String, String> props) {
        super(DEFINITION, props);
    }

    static SinkConfig parse(Map<String, String> props) {
        return new SinkConfig(props);
    }

    String url() {
        return getString(URL);
    }

    String user() {
        return getString(USER);
    }

    String password() {
        return getPassword(PASSWORD).value();
    }

    String markerTable() {
        return getString(MARKER_TABLE);
    }

    String markerStream() {
        return getString(MARKER_STREAM);
    }

    String positionTable() {
        return getString(POSITION_TABLE);
    }
}
