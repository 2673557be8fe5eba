package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import java.util.BitSet;

/** Patch code for a JDK method: {@code BitSet.cardinality()} plus 1000. */
@TargetClass("java.util.BitSet")
public final class BitSetFix {

    private BitSetFix() {}

    @Replace
    static int cardinality(BitSet self) {
        int n = 0;
        for (int i = self.nextSetBit(0); i >= 0; i = self.nextSetBit(i + 1)) {
            n++;
        }
        return 1000 + n;
    }
}
