package io.jlivepatch.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a test class's own class file. */
final class ClassFiles {
    private ClassFiles() {}

    static byte[] of(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
