package io.jlivepatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetCredentialsTest {

    @Test
    void parsesEffectiveIdsGroupsAndTheInnermostPid() {
        TargetCredentials c = TargetCredentials.parse(4242, List.of(
                "Name:\tjava", "Uid:\t1000\t999\t999\t999", "Gid:\t1000\t995\t995\t995", "Groups:\t4 27 995 ",
                "NSpid:\t4242\t17\t7"));
        assertNotNull(c);
        assertEquals(999, c.uid());
        assertEquals(995, c.gid());
        assertEquals(Set.of(4, 27, 995), c.groups());
        assertEquals(7, c.nsPid());
        assertTrue(c.inPidNamespace(4242));
    }

    @Test
    void withoutANamespaceTheInnerPidIsThePid() {
        TargetCredentials c = TargetCredentials.parse(12, List.of("Uid:\t0\t0\t0\t0", "Gid:\t0\t0\t0\t0", "Groups:",
                "NSpid:\t12"));
        assertEquals(12, c.nsPid());
        assertFalse(c.inPidNamespace(12));
        assertEquals(Set.of(), c.groups());
    }

    @Test
    void noUidLineIsUnknown() {
        assertNull(TargetCredentials.parse(1, List.of("Name:\tx")));
    }

    @Test
    void theProcessItselfIsReadFromProc() {
        long self = ProcessHandle.current().pid();
        TargetCredentials c = TargetCredentials.of(self);
        if (Files.isDirectory(Path.of("/proc/self"))) {
            assertNotNull(c);
            assertEquals(ProcFs.myUid(), c.uid());
        }
    }

    @Test
    void modeBitsDecideForANonRootUser(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("patch.jar"), "x");
        int owner = (Integer) Files.getAttribute(file, "unix:uid");
        int group = (Integer) Files.getAttribute(file, "unix:gid");
        int stranger = owner == 0 ? 12345 : owner + 1;
        TargetCredentials ownerCreds = new TargetCredentials(owner == 0 ? 54321 : owner, group, Set.of(), 1);
        TargetCredentials other = new TargetCredentials(stranger, 54321, Set.of(), 1);
        TargetCredentials inGroup = new TargetCredentials(stranger, 54321, Set.of(group), 1);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertFalse(other.mayRead(file.toRealPath()), "others have no read bit");
        assertTrue(inGroup.mayRead(file.toRealPath()), "a supplementary group grants the group's bits");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(other.mayRead(file.toRealPath()));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        assertFalse(other.mayRead(file.toRealPath()), "a 0700 directory on the way denies search");
        assertTrue(new TargetCredentials(0, 0, Set.of(), 1).mayRead(file.toRealPath()), "root reads anything");
        if (owner != 0) {
            assertTrue(ownerCreds.mayRead(file.toRealPath()));
        }
    }
}
