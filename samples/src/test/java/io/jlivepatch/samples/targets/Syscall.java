package io.jlivepatch.samples.targets;

/** The kernel's {@code sys_getpid}, patched by the "getpid hammered" selftest's {@code test_klp_syscall}. */
public class Syscall {

    public static String getpid() {
        return "getpid " + ProcessHandle.current().pid();
    }
}
