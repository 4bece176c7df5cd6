package dev.strangler.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The gateway's packages point one way, and the gateway uses no other module of ours. From the bottom
 * up (each layer may use the ones below it, never one above):
 *
 * <ol>
 * <li>{@code api}: the admin API's requests and answers as records (module {@code strangler-admin-api}, in the
 * gateway's folder, shared with the playbook's client): uses nothing at all of ours;</li>
 * <li>foundation: {@code problem}, {@code path}, {@code limit}, {@code client}, {@code cors}, {@code reload},
 * {@code audit}, {@code progress}: small pieces that use no other package of the gateway but each other;</li>
 * <li>{@code routing}: the route model and the per-request decision, pure;</li>
 * <li>{@code table}: the route-file compiler, which builds routing's {@code RouteTable};</li>
 * <li>{@code live}: the mutable live state (the current snapshot, overrides, read-your-writes pins);</li>
 * <li>{@code hold}, then {@code metrics}, then {@code identity} (the services' JWTs), then {@code shadow}, then
 * {@code record} (recording traffic, which copies bodies as the shadow does);</li>
 * <li>the ways in, which use nothing of each other: {@code filter} (requests), {@code admin} (the admin
 * API), {@code replicas} (the state other replicas share);</li>
 * <li>{@code config}, which wires it all; then the application class.</li>
 * </ol>
 *
 * Only main classes are checked: tests may reach across. The {@code api} package comes from its own module (on the
 * class path like the gateway's classes); it and {@code dev.strangler.compare} (the response comparison, module
 * {@code strangler-compare}) are the packages of other modules the gateway may use.
 */
class ArchitectureTest {

    private static final String GATEWAY = "dev.strangler.gateway";
    /** The gateway module's main classes: the gateway, and the plain gateway its benchmarks compare it with. */
    private static final String[] THIS_MODULE = {GATEWAY + "..", "dev.strangler.benchsupport.."};
    /** The admin API's records: their own module of the gateway's folder, which the playbook's client uses too. */
    private static final String API = GATEWAY + ".api..";
    /**
     * The response comparison: its own module of the gateway's folder (no Spring), which the playbook's replay uses
     * too, so that a shadow answer and a replayed one differ by the same rule.
     */
    private static final String COMPARE = "dev.strangler.compare..";

    /** What a person is told about a YAML file they wrote: one rule for the route file and the playbook's plans. */
    private static final String YAML_MESSAGES = "dev.strangler.yaml..";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(GATEWAY, "dev.strangler.benchsupport");

    private static String[] packages(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = GATEWAY + "." + names[i] + "..";
        }
        return out;
    }

    private static final String[] API_LAYER = packages("api");
    private static final String[] FOUNDATION =
            packages("problem", "path", "limit", "client", "cors", "reload", "audit", "progress");

    @Test
    void noTwoPackagesOfTheGatewayUseEachOther() {
        slices().matching(GATEWAY + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a package that imports one that imports it back cannot be read, tested or moved alone")
                .check(MAIN);
    }

    @Test
    void packagesUseOnlyThePackagesBelowThem() {
        layeredArchitecture()
                .consideringAllDependencies()
                .layer("Api")
                .definedBy(API_LAYER)
                .layer("Foundation")
                .definedBy(FOUNDATION)
                .layer("Routing")
                .definedBy(packages("routing"))
                .layer("Table")
                .definedBy(packages("table"))
                .layer("Live")
                .definedBy(packages("live"))
                .layer("Hold")
                .definedBy(packages("hold"))
                .layer("Metrics")
                .definedBy(packages("metrics"))
                .layer("Identity")
                .definedBy(packages("identity"))
                .layer("Shadow")
                .definedBy(packages("shadow"))
                .layer("Record")
                .definedBy(packages("record"))
                .layer("Filter")
                .definedBy(packages("filter"))
                .layer("Admin")
                .definedBy(packages("admin"))
                .layer("Replicas")
                .definedBy(packages("replicas"))
                .layer("Config")
                .definedBy(packages("config"))
                .layer("Application")
                .definedBy(GATEWAY)
                .whereLayer("Application")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Config")
                .mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Filter")
                .mayOnlyBeAccessedByLayers("Config")
                .whereLayer("Admin")
                .mayOnlyBeAccessedByLayers("Config")
                .whereLayer("Replicas")
                .mayOnlyBeAccessedByLayers("Config")
                .whereLayer("Record")
                .mayOnlyBeAccessedByLayers("Filter", "Admin", "Config")
                .whereLayer("Shadow")
                .mayOnlyBeAccessedByLayers("Record", "Filter", "Admin", "Replicas", "Config")
                .whereLayer("Identity")
                .mayOnlyBeAccessedByLayers("Shadow", "Filter", "Config")
                .whereLayer("Metrics")
                .mayOnlyBeAccessedByLayers("Identity", "Shadow", "Filter", "Admin", "Replicas", "Config")
                .whereLayer("Hold")
                .mayOnlyBeAccessedByLayers("Metrics", "Identity", "Shadow", "Filter", "Admin", "Replicas", "Config")
                .whereLayer("Live")
                .mayOnlyBeAccessedByLayers(
                        "Hold", "Metrics", "Identity", "Shadow", "Filter", "Admin", "Replicas", "Config")
                .whereLayer("Table")
                .mayOnlyBeAccessedByLayers(
                        "Live", "Hold", "Metrics", "Identity", "Shadow", "Filter", "Admin", "Replicas", "Config")
                .whereLayer("Routing")
                .mayOnlyBeAccessedByLayers(
                        "Table",
                        "Live",
                        "Hold",
                        "Metrics",
                        "Identity",
                        "Shadow",
                        "Record",
                        "Filter",
                        "Admin",
                        "Replicas",
                        "Config")
                .because(
                        "the gateway's packages point one way: the live state above routing and table, the ways in above it")
                .check(MAIN);
    }

    @Test
    void everyPackageOfTheGatewayHasItsPlaceInTheLayers() {
        String[] placed = concat(
                concat(API_LAYER, FOUNDATION),
                packages(
                        "routing",
                        "table",
                        "live",
                        "hold",
                        "metrics",
                        "identity",
                        "shadow",
                        "record",
                        "filter",
                        "admin",
                        "replicas",
                        "config"));
        classes()
                .that()
                .resideInAPackage(GATEWAY + "..")
                .should()
                .resideInAnyPackage(concat(placed, new String[] {GATEWAY}))
                .because(
                        "a new package is placed in the layering of ArchitectureTest (and says so in its package-info)")
                .check(MAIN);
    }

    @Test
    void theGatewayDependsOnNoOtherModuleOfOursButItsAdminApiRecordsTheComparisonAndTheYamlMessages() {
        // THIS_MODULE covers the api package by name (dev.strangler.gateway.api); it is listed on its own so that the
        // rule says which other modules are allowed, and stays right if the records ever move to a package of their
        // own.
        String[] allowed = concat(THIS_MODULE, new String[] {API, COMPARE, YAML_MESSAGES});
        noClasses()
                .that()
                .resideInAnyPackage(THIS_MODULE)
                .should()
                .dependOnClassesThat(resideInAPackage("dev.strangler..").and(not(resideInAnyPackage(allowed))))
                .because(
                        "a team adopts the gateway alone on day one (DESIGN.md, Modules): no monolith, catalog, cdc, connect, "
                                + "infra or playbook class in its main code")
                .check(MAIN);
    }

    @Test
    void theAdminApiRecordsUseOnlyTheJdkAndJacksonAnnotations() {
        classes()
                .that()
                .resideInAPackage(API)
                .should()
                .onlyDependOnClassesThat(resideInAnyPackage(API, "java..", "com.fasterxml.jackson.annotation.."))
                .because(
                        "the playbook's client uses these records too: they carry the wire format and nothing of the gateway")
                .check(MAIN);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
