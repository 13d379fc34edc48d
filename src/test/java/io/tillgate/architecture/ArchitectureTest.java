package io.tillgate.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules a reader can rely on: the promotion engine stands apart from the gateway around it (it could
 * be taken out as a library), and no two packages depend on each other, directly or through others.
 */
class ArchitectureTest {
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tillgate");

    @Test
    void theEngineDependsOnNothingOfTheGateway() {
        noClasses().that().resideInAPackage("io.tillgate.engine..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.tillgate.engine..", "java..", "javax..",
                        "jakarta..", "org..", "com..", "dev..", "io.micrometer..", "io.swagger..")
                .check(MAIN);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("io.tillgate.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
