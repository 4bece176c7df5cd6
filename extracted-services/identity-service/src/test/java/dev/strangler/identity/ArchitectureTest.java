package dev.strangler.identity;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The service's packages point one way, from the bottom up: {@code errors} (problem details);
 * {@code accounts} (users, passwords); {@code sessions} (the monolith's opaque tokens, the caller of a
 * request); then the two ways in, which use nothing of each other: {@code api} (the app's endpoints)
 * and {@code tokens} (the issuer: signing keys, token exchange). Only main classes are checked.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.strangler.identity";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void packagesPointOneWay() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage(ROOT + "..")
                .layer("errors")
                .definedBy(ROOT + ".errors..")
                .layer("accounts")
                .definedBy(ROOT + ".accounts..")
                .layer("sessions")
                .definedBy(ROOT + ".sessions..")
                .layer("api")
                .definedBy(ROOT + ".api..")
                .layer("tokens")
                .definedBy(ROOT + ".tokens..")
                .whereLayer("api")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("tokens")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("sessions")
                .mayOnlyBeAccessedByLayers("api", "tokens")
                .whereLayer("accounts")
                .mayOnlyBeAccessedByLayers("sessions", "api", "tokens")
                .check(MAIN);
    }
}
