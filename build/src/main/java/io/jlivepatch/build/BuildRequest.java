package io.jlivepatch.build;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one build is asked to do: the patch's identity (name, replace, states), where its code comes
 * from, and where the jar goes. Two kinds: a <em>generated</em> patch ({@code old} and {@code now},
 * compared class by class) and a <em>hand-written</em> one ({@code patchClasses}, with {@code old}
 * optional, for the fingerprints). The CLI's {@code build} verb parses its command line into one; a
 * build tool would fill it in from its own configuration.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the patch name ({@code Livepatch-Name})
 * @param old the compiled version the running application was built from (jar or directory);
 *     required for a generated patch, optional for a hand-written one
 * @param now the fixed version (jar or directory), for a generated patch; {@code null} for a
 *     hand-written one
 * @param patchClasses the compiled hand-written patch classes (jar or directory), or {@code null}
 * @param replace whether the patch is an atomic replace ({@code Livepatch-Replace: true})
 * @param states the system states the patch declares
 * @param output where to write the patch jar
 * @param only for a generated patch, what to build of the difference ({@code --only}); empty for all
 * @param exclude for a generated patch, what to leave out of it ({@code --exclude})
 */
public record BuildRequest(String name, Path old, Path now, Path patchClasses, boolean replace,
                           List<SystemState> states, Path output, List<Selector> only, List<Selector> exclude) {

    /**
     * Checks the request as a whole.
     *
     * @throws IllegalArgumentException naming the problem: an invalid name, a duplicate state, no
     *     output, or neither (or both) kinds of source
     */
    public BuildRequest {
        Objects.requireNonNull(output, "output");
        states = List.copyOf(states);
        only = List.copyOf(only);
        exclude = List.copyOf(exclude);
        if (patchClasses != null && !(only.isEmpty() && exclude.isEmpty())) {
            throw new IllegalArgumentException("--only and --exclude select from the difference of two versions;"
                    + " hand-written patch classes are taken whole");
        }
        if (patchClasses == null && (old == null || now == null)) {
            throw new IllegalArgumentException("a generated patch needs both the old and the new version");
        }
        if (patchClasses != null && now != null) {
            throw new IllegalArgumentException("hand-written patch classes take no new version");
        }
        // the model's own checks (name syntax, states declared once), so a bad name fails before any work
        new Patch(name, replace, states, List.of(), Map.of(), "");
    }

    /** A request without selection: all of the difference. */
    public BuildRequest(String name, Path old, Path now, Path patchClasses, boolean replace, List<SystemState> states,
                        Path output) {
        this(name, old, now, patchClasses, replace, states, output, List.of(), List.of());
    }

    /** A generated patch: the methods whose code changed from {@code old} to {@code now}. */
    public static BuildRequest generated(String name, Path old, Path now, Path output) {
        return new BuildRequest(name, old, now, null, false, List.of(), output);
    }

    /** Hand-written patch classes, fingerprinted against {@code old} when it is not {@code null}. */
    public static BuildRequest handWritten(String name, Path patchClasses, Path old, Path output) {
        return new BuildRequest(name, old, null, patchClasses, false, List.of(), output);
    }

    /** This request as an atomic replace patch, or not. */
    public BuildRequest withReplace(boolean replace) {
        return new BuildRequest(name, old, now, patchClasses, replace, states, output, only, exclude);
    }

    /** This request building only what {@code only} selects (all if empty) less what {@code exclude} selects. */
    public BuildRequest withSelection(List<Selector> only, List<Selector> exclude) {
        return new BuildRequest(name, old, now, patchClasses, replace, states, output, only, exclude);
    }

    /** This request declaring {@code states}. */
    public BuildRequest withStates(List<SystemState> states) {
        return new BuildRequest(name, old, now, patchClasses, replace, states, output, only, exclude);
    }

    /** Whether this packages hand-written classes rather than comparing two versions. */
    public boolean isHandWritten() {
        return patchClasses != null;
    }
}
