package io.jlivepatch.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent module's dependency rules (architecture.md §2, §3): the CLI is a leaf that nothing in the
 * target JVM depends on; only the CLI uses the build module (whose own rules are in the build module's
 * {@code ArchitectureTest}; Maven keeps it from depending on the agent); only the entry package, {@code boot} and {@code jvm} touch
 * {@code java.lang.instrument}; the entry package hands over to {@code boot} and touches nothing
 * else of jlivepatch, in particular not the runtime before it has been appended.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time; the imported classes are immutable.
 */
class ArchitectureTest {

    private static JavaClasses agent;

    @BeforeAll
    static void importAgent() {
        agent = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.jlivepatch.agent");
    }

    @Test
    void theImportSeesTheAgent() {
        // guards every rule below against passing on nothing
        classes().that().haveFullyQualifiedName(AgentMain.class.getName()).should().bePublic().check(agent);
    }

    @Test
    void nothingButTheCliDependsOnTheCli() {
        ArchRule rule = noClasses().that().resideInAPackage("io.jlivepatch.agent..")
                .and().resideOutsideOfPackage("io.jlivepatch.agent.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.jlivepatch.agent.cli..")
                .because("the CLI runs in its own JVM and is never loaded in the target");
        rule.check(agent);
    }

    @Test
    void onlyTheCliMayDependOnTheBuild() {
        ArchRule rule = noClasses().that().resideInAPackage("io.jlivepatch.agent..")
                .and().resideOutsideOfPackage("io.jlivepatch.agent.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.jlivepatch.build..")
                .because("patch generation runs in the CLI's JVM only (architecture §3); the build module is"
                        + " shaded into the agent jar for the CLI's build verb, never for the target side");
        rule.check(agent);
    }

    @Test
    void onlyEntryBootAndJvmUseInstrumentation() {
        ArchRule rule = noClasses().that().resideInAPackage("io.jlivepatch.agent..")
                .and().resideOutsideOfPackages("io.jlivepatch.agent", "io.jlivepatch.agent.boot..", "io.jlivepatch.agent.jvm..")
                .should().dependOnClassesThat().resideInAPackage("java.lang.instrument..")
                .because("the JVM comes in through the adapters in jvm, wired by boot");
        rule.check(agent);
    }

    @Test
    void theEntryPackageOnlyHandsOverToBoot() {
        ArchRule rule = classes().that().resideInAPackage("io.jlivepatch.agent")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.jlivepatch.agent", "io.jlivepatch.agent.boot")
                .because("the entry class does almost nothing (habit 2), and must not link to io.jlivepatch.runtime"
                        + " before it is defined in the boot loader, or the application loader could define a second copy"
                        + " (spike pitfall 7)");
        rule.check(agent);
    }

    @Test
    void onlyBootStartsTheWatch() {
        ArchRule rule = noClasses().that().resideInAPackage("io.jlivepatch.agent..")
                .and().resideOutsideOfPackages("io.jlivepatch.agent.boot..", "io.jlivepatch.agent.watch..")
                .should().dependOnClassesThat().resideInAPackage("io.jlivepatch.agent.watch..")
                .because("the watch is an agent option, wired by the composition root");
        rule.check(agent);
    }
}
