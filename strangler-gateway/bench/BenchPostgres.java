import dev.strangler.infra.files.PrivateFiles;
import dev.strangler.infra.postgres.PostgresCluster;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' way to a private PostgreSQL from a shell script: the toolkit's one launcher
 * ({@code local-infra}'s {@link PostgresCluster}, as the tests and the sandbox use it), run as a single-file
 * program ({@code java -cp <local-infra jar>:<pgjdbc> BenchPostgres.java ...}) so a script needs no module of
 * its own. As root the cluster runs as the {@code postgres} OS user, in a directory the launcher chooses.
 *
 * <pre>
 *   start   DIR PORT DATABASE CREDENTIALS   creates (first time) and starts the cluster, creates DATABASE,
 *                                           writes the superuser and its password as Spring properties
 *                                           into CREDENTIALS (readable by its owner only), prints the
 *                                           postmaster's pid
 *   destroy DIR PORT                        stops the cluster and deletes its data
 * </pre>
 */
public class BenchPostgres {

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !(args[0].equals("start") && args.length == 5 || args[0].equals("destroy"))) {
            System.err.println("usage: BenchPostgres start DIR PORT DATABASE CREDENTIALS | destroy DIR PORT");
            System.exit(2);
        }
        Path dataDir = PostgresCluster.dataDirReachableFrom(Path.of(args[1]));
        PostgresCluster cluster = PostgresCluster.at(dataDir, Integer.parseInt(args[2]));
        if (args[0].equals("destroy")) {
            cluster.destroy();
            return;
        }
        cluster.start();
        cluster.createDatabase(args[3]);
        // The password goes into a private file Spring reads (--spring.config.additional-location), never onto a
        // command line, where any user of the machine could read it.
        PrivateFiles.write(
                Path.of(args[4]),
                "spring.datasource.username=" + cluster.user() + "\n" + "spring.datasource.password="
                        + cluster.password() + "\n");
        System.out.println(
                Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }
}
