package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/** Patch code for {@code java.lang.String}: refused, the patch machinery runs on it. */
@TargetClass("java.lang.String")
public final class StringFix {

    private StringFix() {}

    @Replace
    static String trim(String self) {
        return self;
    }
}
