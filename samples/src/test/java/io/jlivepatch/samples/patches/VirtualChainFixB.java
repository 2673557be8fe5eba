package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.VirtualChain;

/** The virtual-thread harness's version B: {@code f} and {@code g} change, each answering "B". */
@TargetClass("io.jlivepatch.samples.targets.VirtualChain")
public final class VirtualChainFixB {

    private VirtualChainFixB() {}

    @Replace(isStatic = true)
    static String f() {
        String first = "B";
        VirtualChain.pause();
        return first + "/" + VirtualChain.g();
    }

    @Replace(isStatic = true)
    static String g() {
        return "B";
    }

    @Replace(isStatic = true)
    static String hold() {
        return "B";
    }

    @Replace(isStatic = true)
    static String holdLocked() {
        return "B";
    }

    @Replace(isStatic = true)
    static String spin() {
        return "B";
    }
}
