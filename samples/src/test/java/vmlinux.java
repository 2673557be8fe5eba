/**
 * Stands for the kernel image in the ported selftests: a target class that is always loaded (the
 * selftest console loads it at its start, in the application class loader), named so that the
 * transcripts read as the kernel's ("pre-patch callback failed for object 'vmlinux'").
 */
public final class vmlinux {

    private vmlinux() {}
}
