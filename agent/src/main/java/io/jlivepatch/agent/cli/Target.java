package io.jlivepatch.agent.cli;

/**
 * A resolved target process.
 *
 * <p>Immutable and thread-safe.
 *
 * @param pid its process id
 * @param mainClass its main class (or jar), or {@code "?"} when the JVM does not say
 */
record Target(long pid, String mainClass) {

    @Override
    public String toString() {
        return "process " + pid + (mainClass.equals("?") ? "" : " (" + mainClass + ")");
    }
}
