package io.jlivepatch.agent.control;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control side's rules: nothing that runs in the target prints to {@code System.out} or
 * {@code System.err} (except the {@code log=stderr} option's writer, which is asked to); the JSON
 * package is java.base only; JMX and JFR stay in their subpackages, so a JVM without
 * {@code java.management} or {@code jdk.jfr} never resolves them; only the CLI uses the Attach API.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time; the imported classes are immutable.
 */
class ControlArchitectureTest {

    private static JavaClasses agent;

    @BeforeAll
    static void importAgent() {
        agent = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.jlivepatch.agent");
    }

    @Test
    void targetCodeNeverPrints() {
        noClasses().that().resideInAPackage("io.jlivepatch.agent..")
                .and().resideOutsideOfPackage("io.jlivepatch.agent.cli..")
                .and().doNotHaveSimpleName("StderrLog")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("the agent writes nothing on the application's output unless asked (log=stderr)")
                .check(agent);
    }

    @Test
    void jsonIsJavaBaseOnly() {
        classes().that().resideInAPackage("io.jlivepatch.agent.control.json..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.jlivepatch.agent.control.json..")
                .check(agent);
    }

    @Test
    void jmxAndJfrStayInTheirSubpackages() {
        noClasses().that().resideInAPackage("io.jlivepatch.agent..")
                .and().resideOutsideOfPackages("io.jlivepatch.agent.control.jmx..", "io.jlivepatch.agent.jvm..")
                .should().dependOnClassesThat().resideInAnyPackage("javax.management..", "java.lang.management..")
                .because("a JVM without java.management must never resolve them")
                .check(agent);
        noClasses().that().resideInAPackage("io.jlivepatch.agent..")
                .and().resideOutsideOfPackage("io.jlivepatch.agent.control.jfr..")
                .should().dependOnClassesThat().resideInAPackage("jdk.jfr..")
                .because("a JVM without jdk.jfr must never resolve them")
                .check(agent);
    }

    @Test
    void onlyTheCliAttaches() {
        noClasses().that().resideInAPackage("io.jlivepatch.agent..")
                .and().resideOutsideOfPackage("io.jlivepatch.agent.cli..")
                .should().dependOnClassesThat().resideInAPackage("com.sun.tools.attach..")
                .because("the target never needs jdk.attach")
                .check(agent);
    }
}
