package dev.strangler.monolith;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The monolith is the "before" of the reference migration: it knows nothing of the toolkit. Main classes only. */
class ArchitectureTest {

    private static final String MONOLITH = "dev.strangler.monolith";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(MONOLITH);

    @Test
    void theMonolithDependsOnNoOtherModuleOfOurs() {
        noClasses()
                .that()
                .resideInAPackage(MONOLITH + "..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.strangler..").and(not(resideInAPackage(MONOLITH + ".."))))
                .because(
                        "the monolith stands for any team's legacy application (DESIGN.md, Modules): no gateway, catalog, cdc, "
                                + "connect, infra or playbook class in its main code")
                .check(MAIN);
    }
}
