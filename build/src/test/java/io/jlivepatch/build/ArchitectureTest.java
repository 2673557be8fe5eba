package io.jlivepatch.build;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build module's dependency rules (architecture.md §3): patch generation reads and writes class
 * files and never runs patches, so it imports nothing of the agent and nothing of the engine's
 * registry or transition, and never {@code java.lang.instrument}. The agent is not on this module's
 * class path at all (the agent depends on the build, so Maven refuses the reverse as a cycle); the
 * rule still names the boundary for a reader, and holds the line on core's target-side packages, which
 * are on the class path.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time; the imported classes are immutable.
 */
class ArchitectureTest {

    private static JavaClasses build;

    @BeforeAll
    static void importBuild() {
        build = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.jlivepatch.build");
    }

    @Test
    void theImportSeesTheBuild() {
        // guards the rule below against passing on nothing
        classes().that().haveFullyQualifiedName(BuildCommand.class.getName()).should().bePublic().check(build);
    }

    @Test
    void theBuildKeepsOutOfTheAgentAndTheTargetSide() {
        ArchRule rule = noClasses().that().resideInAPackage("io.jlivepatch.build..")
                .should().dependOnClassesThat().resideInAnyPackage("io.jlivepatch.agent..",
                        "io.jlivepatch.core.registry..", "io.jlivepatch.core.transition..", "java.lang.instrument..")
                .because("the build reads and writes class files in the CLI's JVM; it never runs patches");
        rule.check(build);
    }
}
