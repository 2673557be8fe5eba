package io.jlivepatch.samples.targets;

/** The kernel's {@code console_loglevel}, which the state selftests' callbacks save, raise and restore. */
public final class ConsoleLoglevel {

    /** The default console log level, 7, as the kernel's. */
    public static volatile int value = 7;

    private ConsoleLoglevel() {}
}
