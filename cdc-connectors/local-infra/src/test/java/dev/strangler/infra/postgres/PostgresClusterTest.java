package dev.strangler.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.strangler.infra.process.FreePorts;

class PostgresClusterTest {

    @Test
    void sharedClusterServesLogicalWalAndSeparateDatabasesPerCaller() throws Exception {
        String first = SharedPostgres.freshDatabase("alpha");
        String second = SharedPostgres.freshDatabase("alpha");
        assertThat(first).isNotEqualTo(second);

        try (Connection c = SharedPostgres.cluster().connect(first); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SHOW wal_level");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("logical");
            s.execute("CREATE TABLE t (id int primary key)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        try (Connection c = SharedPostgres.cluster().connect(second); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'");
            rs.next();
            assertThat(rs.getInt(1)).as("a fresh database holds nothing another caller created").isZero();
        }
    }

    @Test
    void clusterKeepsItsDataAcrossStopAndStartAndStopsListening(@TempDir Path dir) throws Exception {
        int port = FreePorts.pick();
        PostgresCluster cluster = PostgresCluster.at(PostgresCluster.dataDirReachableFrom(dir.resolve("data")), port);
        try {
            cluster.start();
            assertThat(FreePorts.isListening(port)).isTrue();
            cluster.createDatabase("kept");
            try (Connection c = cluster.connect("kept"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v text)");
                s.execute("INSERT INTO t VALUES ('survives')");
            }
            cluster.stop();
            assertThat(cluster.isRunning()).isFalse();
            assertThat(FreePorts.isListening(port)).isFalse();

            cluster.start();
            try (Connection c = cluster.connect("kept"); Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT v FROM t");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("survives");
            }
            assertThatThrownBy(cluster::start).hasMessageContaining("already running");
        } finally {
            cluster.destroy();
        }
        assertThat(Files.exists(cluster.dataDir())).isFalse();
    }

    @Test
    void missingBinariesAreReportedWithHowToInstallThem(@TempDir Path empty) {
        Optional<PostgresBinaries> found = PostgresBinaries.find(null, empty.toString(), empty.resolve("nothing"));
        assertThat(found).isEmpty();
        assertThat(PostgresBinaries.INSTALL_HINT).contains("apt-get install postgresql").contains("STRANGLER_PG_BIN");
    }

    @Test
    void newestDebianVersionIsPreferred(@TempDir Path root) throws Exception {
        for (String v : new String[] {"13", "15"}) {
            Path bin = Files.createDirectories(root.resolve(v).resolve("bin"));
            for (String tool : new String[] {"initdb", "pg_ctl"}) {
                Path f = Files.createFile(bin.resolve(tool));
                f.toFile().setExecutable(true);
            }
        }
        assertThat(PostgresBinaries.find(null, "", root)).contains(new PostgresBinaries(root.resolve("15").resolve("bin")));
    }
}
