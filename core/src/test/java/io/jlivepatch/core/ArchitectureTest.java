package io.jlivepatch.core;

import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.jlivepatch.core.model.Patch;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Timer;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Core has no system dependencies (architecture.md §3): the JVM comes in through ports, so every
 * kernel situation is a deterministic unit test. Enforced here: no instrumentation, attach or JMX;
 * no stack sampling, thread creation or clocks; nothing outside {@code registry} uses
 * {@code registry}; no cycles between core's packages.
 *
 * <p>Each API rule is also checked against {@link Violator} and {@link ViolatorByReference}, so a
 * rule that silently matches nothing fails here rather than passing forever; and
 * {@link #theImportSeesCore} guards against importing nothing.
 *
 * <p>Thread-safety: JUnit runs the methods one at a time; the imported classes are immutable.
 */
class ArchitectureTest {

    private static final String CORE = "io.jlivepatch.core..";

    static final ArchRule NO_SYSTEM_DEPENDENCIES = noClasses().that().resideInAPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.lang.instrument..", "com.sun.tools.attach..", "java.lang.management..", "javax.management..")
            .because("instrumentation, attach and JMX come in through ports implemented in agent.jvm");

    static final ArchRule NO_STACK_SAMPLING = noClasses().that().resideInAPackage(CORE)
            .should().accessTargetWhere(member(Thread.class, "getAllStackTraces|getStackTrace"))
            .because("stacks come in through the ThreadStacks port");

    static final ArchRule NO_THREAD_CREATION = noClasses().that().resideInAPackage(CORE)
            .should().accessTargetWhere(member(Thread.class, "<init>"))
            .orShould().beAssignableTo(Thread.class)
            .orShould().dependOnClassesThat(belongToAnyOf(Executors.class, ThreadPoolExecutor.class,
                    ScheduledThreadPoolExecutor.class, ForkJoinPool.class, Timer.class))
            .because("core creates no threads: work is scheduled through the Scheduler port");

    static final ArchRule NO_CLOCKS = noClasses().that().resideInAPackage(CORE)
            .should().accessTargetWhere(member(System.class, "currentTimeMillis|nanoTime")
                    .or(member(Clock.class, "system.*"))
                    .or(target(owner(resideInAPackage("java.time.."))).and(target(nameMatching("now")))))
            .because("time comes in through a port, so timeouts and backoff are deterministic in tests");

    static final ArchRule ONLY_REGISTRY_USES_REGISTRY = noClasses().that().resideInAPackage(CORE)
            .and().resideOutsideOfPackage("io.jlivepatch.core.registry..")
            .should().dependOnClassesThat().resideInAPackage("io.jlivepatch.core.registry..")
            .because("registry is the facade on top (kernel core.c); nothing in core imports it");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.jlivepatch.core.(*)..")
            .should().beFreeOfCycles()
            .allowEmptyShould(true); // core may have fewer than two packages with classes at some point

    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.jlivepatch.core");
    }

    @Test
    void theImportSeesCore() {
        assertTrue(core.contain(Patch.class), "the import found no core classes: every rule would pass vacuously");
    }

    @Test
    void noSystemDependencies() {
        NO_SYSTEM_DEPENDENCIES.check(core);
    }

    @Test
    void noStackSampling() {
        NO_STACK_SAMPLING.check(core);
    }

    @Test
    void noThreadCreation() {
        NO_THREAD_CREATION.check(core);
    }

    @Test
    void noClocks() {
        NO_CLOCKS.check(core);
    }

    @Test
    void onlyRegistryUsesRegistry() {
        ONLY_REGISTRY_USES_REGISTRY.check(core);
    }

    @Test
    void noPackageCycles() {
        NO_PACKAGE_CYCLES.check(core);
    }

    @Test
    void theRulesCatchViolations() {
        JavaClasses calls = new ClassFileImporter().importClasses(Violator.class);
        JavaClasses references = new ClassFileImporter().importClasses(ViolatorByReference.class);
        for (ArchRule rule : new ArchRule[] {NO_SYSTEM_DEPENDENCIES, NO_STACK_SAMPLING, NO_THREAD_CREATION, NO_CLOCKS}) {
            assertTrue(rule.evaluate(calls).hasViolation(), "no violation by calls: " + rule.getDescription());
        }
        for (ArchRule rule : new ArchRule[] {NO_STACK_SAMPLING, NO_THREAD_CREATION, NO_CLOCKS}) {
            assertTrue(rule.evaluate(references).hasViolation(), "no violation by method references: " + rule.getDescription());
        }
    }

    /** Accesses (calls and method references) to members of {@code type} or a subtype named by {@code names}. */
    private static DescribedPredicate<JavaAccess<?>> member(Class<?> type, String names) {
        DescribedPredicate<JavaClass> owners = assignableTo(type);
        return target(owner(owners)).and(target(nameMatching(names)));
    }

    /** Breaks every API rule by calls; compiled, never run. */
    @SuppressWarnings("unused")
    static final class Violator {
        Object violate(Instrumentation inst) {
            return new Object[] {
                ManagementFactory.getRuntimeMXBean(),
                Thread.getAllStackTraces(),
                Thread.currentThread().getStackTrace(),
                new Thread(() -> {}),
                Executors.newSingleThreadExecutor(),
                System.nanoTime(),
                System.currentTimeMillis(),
                Instant.now(),
            };
        }
    }

    /** Breaks the stack, thread and clock rules by method references only; compiled, never run. */
    @SuppressWarnings("unused")
    static final class ViolatorByReference {
        Object violate() {
            Supplier<?> stacks = Thread::getAllStackTraces;
            Supplier<Thread> thread = Thread::new;
            LongSupplier clock = System::nanoTime;
            return new Object[] {stacks, thread, clock};
        }
    }
}
