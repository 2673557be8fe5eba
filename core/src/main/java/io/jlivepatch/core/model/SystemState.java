package io.jlivepatch.core.model;

/**
 * A system-state tag a patch declares (the kernel's {@code klp_state}): which modification of the
 * running system it owns, and in which version. Atomic replace refuses a patch that would drop or
 * downgrade a state an active patch declares.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id non-zero identifier
 * @param version the version of the modification, {@code >= 0}
 */
public record SystemState(long id, long version) {

    public SystemState {
        if (id == 0) {
            throw new InvalidPatchException("state id must be non-zero");
        }
        if (version < 0) {
            throw new InvalidPatchException("state " + id + " has a negative version " + version);
        }
    }

    /** Parses {@code id:version}, the form of {@code --state} and {@code Livepatch-States}. */
    public static SystemState parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        try {
            if (colon > 0) {
                return new SystemState(Long.parseLong(text.substring(0, colon).trim()),
                        Long.parseLong(text.substring(colon + 1).trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new InvalidPatchException("invalid state '" + text + "': expected <id>:<version>, such as 1:2");
    }

    @Override
    public String toString() {
        return id + ":" + version;
    }
}
