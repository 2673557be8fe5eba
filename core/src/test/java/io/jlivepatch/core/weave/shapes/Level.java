package io.jlivepatch.core.weave.shapes;

import java.util.Locale;

/** Enum methods. No constant has a body, so the enum has no nested classes. */
public enum Level {
    LOW,
    HIGH;

    public Level flip() {
        return this == LOW ? HIGH : LOW;
    }

    public static Level parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
