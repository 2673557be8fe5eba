package io.jlivepatch.agent.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StrictModes for patch directories: modes, owners, links, sticky parents, and the Kubernetes
 * ConfigMap layout ({@code ..data} a link to a timestamped directory, files links into it).
 */
class SafePathsTest {

    @TempDir
    Path tmp;

    private Path dir;
    private final SafePaths rules = SafePaths.forThisProcess();

    @BeforeEach
    void directory() throws Exception {
        // Below a 0755 parent of our own: the test's verdicts must not depend on where @TempDir lives.
        Path base = Files.createDirectory(tmp.resolve("base"));
        chmod(tmp, "rwx------");
        chmod(base, "rwxr-xr-x");
        dir = Files.createDirectory(base.resolve("patches"));
        chmod(dir, "rwxr-xr-x");
    }

    private static void chmod(Path path, String permissions) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    private Path jar(Path in, String name, String permissions) throws Exception {
        Path jar = Files.write(in.resolve(name), new byte[] {'P', 'K'});
        chmod(jar, permissions);
        return jar;
    }

    private String refusal(Path directory, Path jar) {
        return assertThrows(SafePaths.UnsafePathException.class, () -> {
            SafePaths.Check check = rules.check();
            check.directory(directory);
            if (jar != null) {
                check.jar(jar);
            }
        }).getMessage();
    }

    @Test
    void aDirectoryAndJarWritableOnlyByTheirOwnerAreSafe() throws Exception {
        Path jar = jar(dir, "fix.jar", "rw-r--r--");
        SafePaths.Check check = rules.check();
        check.directory(dir);
        check.jar(jar);
    }

    @Test
    void aGroupWritableDirectoryIsRefusedWithTheFix() throws Exception {
        chmod(dir, "rwxrwxr-x");
        assertEquals(dir.toRealPath() + " is writable by its group (mode 0775), so they could change the patches:"
                + " run chmod go-w " + dir.toRealPath(), refusal(dir, null));
    }

    @Test
    void aWorldWritableJarIsRefused() throws Exception {
        Path jar = jar(dir, "fix.jar", "rw-r--rw-");
        assertEquals(jar.toRealPath() + " is writable by others (mode 0646), so they could change the patches:"
                + " run chmod go-w " + jar.toRealPath(), refusal(dir, jar));
    }

    @Test
    void aLinkIsJudgedByWhatItLeadsTo() throws Exception {
        Path elsewhere = Files.createDirectory(tmp.resolve("base/elsewhere"));
        chmod(elsewhere, "rwxr-xr-x");
        Path real = jar(elsewhere, "real.jar", "rw-rw-rw-");
        Path link = Files.createSymbolicLink(dir.resolve("fix.jar"), real);
        assertEquals(link + " (leading to " + real.toRealPath() + ") is writable by its group and others (mode 0666),"
                + " so they could change the patches: run chmod go-w " + real.toRealPath(), refusal(dir, link));

        chmod(real, "rw-r--r--");
        chmod(elsewhere, "rwxrwxrwx");
        String why = refusal(dir, link);
        assertEquals(elsewhere.toRealPath() + ", the directory of " + link + " (leading to " + real.toRealPath()
                + ") is writable by its group and others (mode 0777), so they could change the patches: run chmod"
                + " go-w " + elsewhere.toRealPath(), why);
    }

    @Test
    void aLinkedDirectoryIsJudgedByItsTarget() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("base/link"), dir);
        rules.check().directory(link);
        chmod(dir, "rwxrwxrwx");
        assertEquals(link + " (leading to " + dir.toRealPath() + ") is writable by its group and others (mode 0777),"
                + " so they could change the patches: run chmod go-w " + dir.toRealPath(), refusal(link, null));
    }

    @Test
    void aWritableParentIsRefusedUnlessItIsSticky() throws Exception {
        Path base = dir.getParent();
        chmod(base, "rwxrwxrwx");
        assertEquals(base.toRealPath() + " is writable by its group and others (mode 0777), so they could change"
                + " the patches: run chmod go-w " + base.toRealPath(), refusal(dir, null));
        // /tmp's mode: others may create files, not rename or delete ours.
        Files.setAttribute(base, "unix:mode", 01777);
        rules.check().directory(dir);
    }

    @Test
    void aFileOwnedByAnotherUserIsRefused() throws Exception {
        Path jar = jar(dir, "fix.jar", "rw-r--r--");
        SafePaths asSomeoneElse = new SafePaths(4242);
        // Owned by root (these tests run as root in CI) or by us: safe for any process.
        int owner = (Integer) Files.getAttribute(jar, "unix:uid");
        if (owner == 0) {
            asSomeoneElse.check().jar(jar);
        }
        Files.setAttribute(jar, "unix:uid", 65534);
        SafePaths.Check check = (owner == 0 ? asSomeoneElse : rules).check();
        String why = assertThrows(SafePaths.UnsafePathException.class, () -> check.jar(jar)).getMessage();
        assertEquals(jar.toRealPath() + " is owned by uid 65534, neither this process's user (uid "
                + (owner == 0 ? 4242 : owner) + ") nor root, so that user can change the patches: chown it to one of"
                + " them", why);
    }

    @Test
    void theKubernetesConfigMapLayoutIsSafe() throws Exception {
        // What kubelet writes: ..<timestamp>/ with the files, ..data -> ..<timestamp>, <file> -> ..data/<file>.
        Path stamped = Files.createDirectory(dir.resolve("..2026_12_06_04_00_00.123456789"));
        chmod(stamped, "rwxr-xr-x");
        jar(stamped, "fix.jar", "rw-r--r--");
        Files.createSymbolicLink(dir.resolve("..data"), dir.relativize(stamped));
        Path file = Files.createSymbolicLink(dir.resolve("fix.jar"), Path.of("..data/fix.jar"));
        SafePaths.Check check = rules.check();
        check.directory(dir);
        check.jar(file);

        chmod(stamped, "rwxrwxr-x");
        assertEquals(stamped.toRealPath() + ", the directory of " + file + " (leading to "
                + stamped.toRealPath().resolve("fix.jar") + ") is writable by its group (mode 0775), so they could"
                + " change the patches: run chmod go-w " + stamped.toRealPath(), refusal(dir, file));
    }
}
