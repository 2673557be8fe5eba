package io.jlivepatch.core.reader;

import io.jlivepatch.core.model.InvalidPatchException;
import io.jlivepatch.core.model.SystemState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * The identity of a patch as its jar's manifest carries it: the {@code Livepatch-} attributes. One
 * place for the attribute names and their syntax, shared by {@link PatchJarReader} and
 * {@link PatchJarWriter} so that what one writes the other reads.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the patch name, as written (the model checks its syntax)
 * @param replace whether the patch is an atomic replace
 * @param states the system states it declares, in manifest order
 */
record PatchManifest(String name, boolean replace, List<SystemState> states) {

    /** Where a jar keeps its manifest. */
    static final String PATH = "META-INF/MANIFEST.MF";

    static final String NAME = "Livepatch-Name";
    static final String REPLACE = "Livepatch-Replace";
    static final String STATES = "Livepatch-States";

    PatchManifest {
        states = List.copyOf(states);
    }

    /**
     * Parses the main attributes of a manifest file.
     *
     * @throws JarProblem if the manifest is malformed, has no {@value #NAME}, or a bad
     *     {@value #REPLACE} or {@value #STATES} value
     */
    static PatchManifest parse(byte[] manifestFile) throws JarProblem {
        Attributes main;
        try {
            main = new Manifest(new ByteArrayInputStream(manifestFile)).getMainAttributes();
        } catch (IOException e) {
            throw new JarProblem("has a malformed manifest: " + e.getMessage(), e);
        }
        String name = main.getValue(NAME);
        if (name == null) {
            throw new JarProblem("is not a patch: no " + NAME + " attribute in its manifest");
        }
        // Values are trimmed: hand-edited manifests pick up trailing blanks that mean nothing.
        return new PatchManifest(name.trim(), parseReplace(main.getValue(REPLACE)), parseStates(main.getValue(STATES)));
    }

    private static boolean parseReplace(String value) throws JarProblem {
        if (value == null) {
            return false;
        }
        // Case-insensitive like the JDK's own boolean manifest attributes (Multi-Release), but
        // strict otherwise: a typo must not silently turn an atomic replace into a stacked patch.
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new JarProblem("has an invalid " + REPLACE + " attribute '" + value
                    + "': expected true or false");
        };
    }

    private static List<SystemState> parseStates(String value) throws JarProblem {
        List<SystemState> states = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return states;
        }
        // The -1 limit keeps empty elements ("1:1,", "1:1,,2:2"), which are then rejected.
        for (String element : value.split(",", -1)) {
            try {
                states.add(SystemState.parse(element.trim()));
            } catch (InvalidPatchException e) {
                throw new JarProblem("has an invalid " + STATES + " attribute '" + value + "': " + e.getMessage(), e);
            }
        }
        return states;
    }

    /** This manifest as a manifest file: {@code Manifest-Version} first, then the patch attributes. */
    byte[] toBytes() {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        // Attributes keeps insertion order, so the file is the same for the same values.
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(NAME, name);
        main.putValue(REPLACE, Boolean.toString(replace));
        if (!states.isEmpty()) {
            main.putValue(STATES, states.stream().map(SystemState::toString).collect(Collectors.joining(", ")));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            manifest.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing to memory", e);
        }
        return out.toByteArray();
    }
}
