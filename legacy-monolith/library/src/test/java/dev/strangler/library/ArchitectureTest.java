package dev.strangler.library;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The library stands for a third party's application: it knows nothing of the toolkit. Main classes only. */
class ArchitectureTest {

    private static final String LIBRARY = "dev.strangler.library";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(LIBRARY);

    @Test
    void theLibraryDependsOnNoOtherModuleOfOurs() {
        noClasses()
                .that()
                .resideInAPackage(LIBRARY + "..")
                .should()
                .dependOnClassesThat(resideInAPackage("dev.strangler..").and(not(resideInAPackage(LIBRARY + ".."))))
                .because(
                        "the library is a monolith nobody here wrote (issue 15): no class of the toolkit in its main code")
                .check(MAIN);
    }
}
