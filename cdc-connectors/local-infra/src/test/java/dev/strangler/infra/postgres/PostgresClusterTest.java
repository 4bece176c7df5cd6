package dev.strangler.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strangler.infra.process.Commands;
import dev.strangler.infra.process.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresClusterTest {

    @Test
    void sharedClusterServesLogicalWalAndSeparateDatabasesPerCaller() throws Exception {
        String first = SharedPostgres.freshDatabase("alpha");
        String second = SharedPostgres.freshDatabase("alpha");
        assertThat(first).isNotEqualTo(second);

        try (Connection c = SharedPostgres.cluster().connect(first);
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SHOW wal_level");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("logical");
            s.execute("CREATE TABLE t (id int primary key)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        try (Connection c = SharedPostgres.cluster().connect(second);
                Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 't'");
            rs.next();
            assertThat(rs.getInt(1))
                    .as("a fresh database holds nothing another caller created")
                    .isZero();
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
            try (Connection c = cluster.connect("kept");
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v text)");
                s.execute("INSERT INTO t VALUES ('survives')");
            }
            cluster.stop();
            assertThat(cluster.isRunning()).isFalse();
            assertThat(FreePorts.isListening(port)).isFalse();

            cluster.start();
            try (Connection c = cluster.connect("kept");
                    Statement s = c.createStatement()) {
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
    void aConnectionWithoutTheClustersPasswordIsRefused() throws Exception {
        // With trust authentication any local user could connect as the superuser and run COPY ... TO PROGRAM.
        PostgresCluster cluster = SharedPostgres.cluster();
        String database = SharedPostgres.freshDatabase("auth");
        assertThatThrownBy(() -> DriverManager.getConnection(cluster.jdbcUrl(database), PostgresCluster.SUPERUSER, "")
                        .close())
                .hasMessageContaining("password");
        assertThatThrownBy(
                        () -> DriverManager.getConnection(cluster.jdbcUrl(database), PostgresCluster.SUPERUSER, "guess")
                                .close())
                .hasMessageContaining("password authentication failed");
        try (Connection c =
                DriverManager.getConnection(cluster.jdbcUrl(database), cluster.user(), cluster.password())) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void theSuperusersPasswordIsKeptInAFileOnlyItsOwnerCanRead() throws Exception {
        PostgresCluster cluster = SharedPostgres.cluster();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.passwordFile())))
                .isEqualTo("rw-------");
        assertThat(Files.readString(cluster.passwordFile()).strip())
                .isEqualTo(cluster.password())
                .hasSizeGreaterThanOrEqualTo(24);
    }

    @Test
    void aClusterAnEarlierVersionCreatedWithTrustIsGivenAPasswordWhenItStarts(@TempDir Path dir) throws Exception {
        PostgresCluster cluster =
                PostgresCluster.at(PostgresCluster.dataDirReachableFrom(dir.resolve("data")), FreePorts.pick());
        try {
            cluster.start();
            cluster.stop();
            // What an earlier version left: trust for everyone, no password file.
            Files.writeString(
                    cluster.dataDir().resolve("pg_hba.conf"),
                    "local all all trust\nhost all all 127.0.0.1/32 trust\n"
                            + "host replication all 127.0.0.1/32 trust\n");
            Files.delete(cluster.passwordFile());

            cluster.start();
            assertThatThrownBy(() -> DriverManager.getConnection(
                                    cluster.jdbcUrl("postgres"), PostgresCluster.SUPERUSER, "")
                            .close())
                    .hasMessageContaining("password");
            try (Connection c = cluster.connect("postgres")) {
                assertThat(c.isValid(5)).isTrue();
            }
        } finally {
            cluster.destroy();
        }
    }

    @Test
    void asRootTheClusterLivesInADirectoryWithAnUnguessableNameRecordedBesideThePreferredPlace(@TempDir Path dir)
            throws Exception {
        assumeTrue(Commands.runningAsRoot(), "only root moves the cluster out of the preferred place");
        Path preferred = dir.resolve("data");
        Path chosen = PostgresCluster.dataDirReachableFrom(preferred);
        try {
            assertThat(PostgresCluster.dataDirReachableFrom(preferred))
                    .as("found again from the record")
                    .isEqualTo(chosen);
            assertThat(Files.isSymbolicLink(chosen.getParent())).isFalse();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(chosen.getParent())))
                    .isEqualTo("rwx------");
            assertThat(Files.getOwner(chosen.getParent()).getName()).isEqualTo("postgres");

            // A name derived from the preferred path could be created by another user before us, as a link to anywhere.
            Files.delete(PostgresCluster.recordOf(preferred));
            Path another = PostgresCluster.dataDirReachableFrom(preferred);
            assertThat(another.getParent()).isNotEqualTo(chosen.getParent());
            Files.delete(another.getParent());
        } finally {
            Files.deleteIfExists(chosen.getParent());
        }
    }

    @Test
    void aRecordedClusterDirectoryThatIsALinkIsRefused(@TempDir Path dir) throws Exception {
        assumeTrue(Commands.runningAsRoot(), "only root moves the cluster out of the preferred place");
        Path preferred = dir.resolve("data");
        Path target = Files.createDirectories(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(
                Path.of(System.getProperty("java.io.tmpdir"), "strangler-pg-link-" + System.nanoTime()), target);
        try {
            Files.writeString(PostgresCluster.recordOf(preferred), link.toString());
            assertThatThrownBy(() -> PostgresCluster.dataDirReachableFrom(preferred))
                    .hasMessageContaining("link")
                    .hasMessageContaining(link.toString());
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void missingBinariesAreReportedWithHowToInstallThem(@TempDir Path empty) {
        Optional<PostgresBinaries> found = PostgresBinaries.find(null, empty.toString(), empty.resolve("nothing"));
        assertThat(found).isEmpty();
        assertThat(PostgresBinaries.INSTALL_HINT)
                .contains("apt-get install postgresql")
                .contains("STRANGLER_PG_BIN");
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
        assertThat(PostgresBinaries.find(null, "", root))
                .contains(new PostgresBinaries(root.resolve("15").resolve("bin")));
    }
}
