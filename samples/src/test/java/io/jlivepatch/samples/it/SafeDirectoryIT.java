package io.jlivepatch.samples.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jlivepatch.samples.patches.GreetV1;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * StrictModes end to end: a startup or watched directory, or a jar in it, writable by others is
 * refused, logged once with the fix, and nothing changes; fixed, it is applied. (The ConfigMap
 * layout under the same rules is {@link WatchIT}'s.)
 */
@Timeout(180)
class SafeDirectoryIT {

    private static final long DEADLINE_MILLIS = 30_000;

    @TempDir
    Path tmp;

    private Path patches() throws Exception {
        Path base = Files.createDirectory(tmp.resolve("base"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path patches = Files.createDirectory(base.resolve("patches"));
        Files.setPosixFilePermissions(patches, PosixFilePermissions.fromString("rwxr-xr-x"));
        return patches;
    }

    private Path jar(Path into, String file) throws Exception {
        Path staging = Files.createDirectories(tmp.resolve("staging"));
        Path jar = new PatchJars(staging).jar("fix-v1", false, GreetV1.class);
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        return Files.move(jar, into.resolve(file), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aGroupWritableStartupDirectoryIsNotApplied() throws Exception {
        Path patches = patches();
        jar(patches, "10-fix.jar");
        Files.setPosixFilePermissions(patches, PosixFilePermissions.fromString("rwxrwxr-x"));
        try (TargetJvm target = TargetJvm.withAgent("unsafe-startup", "patches=" + patches + ",log=stderr")) {
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("no patches", target.run("list"));
            assertTrue(target.output().contains("jlivepatch: not applying patches directory " + patches + ": "
                    + patches.toRealPath() + " is writable by its group (mode 0775), so they could change the patches:"
                    + " run chmod go-w " + patches.toRealPath()), target::output);
        }
    }

    @Test
    void aWorldWritableJarInTheWatchedDirectoryIsRefusedOnceUntilFixed() throws Exception {
        Path patches = patches();
        try (TargetJvm target = TargetJvm.withAgent("unsafe-watch",
                "patches=" + patches + ",watch=true,watchperiod=50,log=stderr")) {
            Path jar = jar(patches, "10-fix.jar");
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--rw-"));
            String refusal = "jlivepatch: watch " + patches + ": refusing the directory: " + jar.toRealPath()
                    + " is writable by others (mode 0646), so they could change the patches: run chmod go-w "
                    + jar.toRealPath() + "; nothing changes until it is fixed";
            awaitLine(target, refusal);
            Thread.sleep(1_000); // twenty polls
            assertEquals(1, target.transcript().stream().filter(refusal::equals).count(), target::output);
            assertEquals("greet = hello world", target.run("call greet"));
            assertEquals("no patches", target.run("list"));

            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
            while (!target.run("call greet").equals("greet = v1 world")) {
                if (System.currentTimeMillis() > deadline) {
                    fail("the fixed jar was not applied\n" + target.output());
                }
                Thread.sleep(50);
            }
            String list = target.run("list");
            assertTrue(list.startsWith("fix-v1+ order=1"), list);
        }
    }

    private static void awaitLine(TargetJvm target, String line) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!target.transcript().contains(line)) {
            if (System.currentTimeMillis() > deadline) {
                fail("no line '" + line + "'\n" + target.output());
            }
            Thread.sleep(50);
        }
    }
}
