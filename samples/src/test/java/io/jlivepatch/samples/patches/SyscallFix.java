package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/** The kernel's {@code test_klp_syscall}: a patched getpid the hammering threads can tell apart. */
@TargetClass("io.jlivepatch.samples.targets.Syscall")
public final class SyscallFix {

    private SyscallFix() {}

    @Replace(isStatic = true)
    static String getpid() {
        return "klp getpid " + ProcessHandle.current().pid();
    }
}
