package io.jlivepatch.benchmarks.dispatch;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/**
 * Patch code for {@link Patched#compute}: the body of {@link Direct#compute}, receiver first. It
 * sits in the target's package so that it compiles against the package-private field; at run time
 * the engine defines it as a hidden nestmate of {@link Patched} anyway.
 *
 * <p>Stateless and thread-safe.
 */
@TargetClass("io.jlivepatch.benchmarks.dispatch.Patched")
public final class ComputeFix {

    private ComputeFix() {}

    @Replace
    static int compute(Patched self, int x) {
        int h = x * self.salt;
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
