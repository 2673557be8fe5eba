package io.jlivepatch.build;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build over two consecutive releases of a real library nobody here wrote (commons-lang3 3.17.0
 * and 3.18.0, copied into {@code target/real-library} by the pom) completes, classifies every
 * difference, and generates replacement classes that all verify, even though the build as a whole is
 * refused (the release adds public methods, fields and classes). The counts and the time are
 * printed, and recorded in {@code docs/build.md}.
 */
class BuildRobustnessTest {

    private static final Path LIBRARY = Path.of(System.getProperty("jlivepatch.realLibrary", "target/real-library"));
    private static final Path OLD = LIBRARY.resolve("commons-lang3-3.17.0.jar");
    private static final Path NEW = LIBRARY.resolve("commons-lang3-3.18.0.jar");

    @TempDir
    Path dir;

    @Test
    void twoReleasesOfCommonsLang() throws Exception {
        Assumptions.assumeTrue(Files.exists(OLD) && Files.exists(NEW), "the releases are copied by the pom: " + LIBRARY);
        long start = System.nanoTime();
        PatchBuild.Result result = Builds.result(OLD, NEW);
        long millis = (System.nanoTime() - start) / 1_000_000;
        Report report = result.report();
        System.out.println("commons-lang3 3.17.0 -> 3.18.0: " + report.totals() + ", " + result.classes().size()
                + " replacement class(es) generated, " + millis + " ms");
        assertTrue(report.count(Report.Kind.CHANGED) > 100, report.totals());
        assertTrue(report.isRefused(), "the release adds public API, which a patch cannot");
        assertTrue(report.classesCompared() > 300 && report.classesIdentical() < report.classesCompared(), report.totals());
        Builds.verify(result.classes(), OLD.toUri().toURL());

        Path jar = dir.resolve("lang.jar");
        Builds.Run run = Builds.build(1, OLD, NEW, jar);
        assertFalse(Files.exists(jar));
        assertTrue(run.out().contains("org.apache.commons.lang3.StringUtils: changed method: "), run.out());
        for (String line : run.out().split("\n")) {
            assertTrue(line.startsWith("jlivepatch: ") || line.matches("[\\w.$]+: (changed method|carried|refused|note): .+"),
                    "every line is a classified difference: " + line);
        }
    }
}
