package io.jlivepatch.samples.patches;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.targets.VirtualChain;

/** The virtual-thread harness's version A: {@code f} and {@code g} change, each answering "A". */
@TargetClass("io.jlivepatch.samples.targets.VirtualChain")
public final class VirtualChainFixA {

    private VirtualChainFixA() {}

    @Replace(isStatic = true)
    static String f() {
        String first = "A";
        VirtualChain.pause();
        return first + "/" + VirtualChain.g();
    }

    @Replace(isStatic = true)
    static String g() {
        return "A";
    }

    @Replace(isStatic = true)
    static String hold() {
        return "A";
    }

    @Replace(isStatic = true)
    static String holdLocked() {
        return "A";
    }

    @Replace(isStatic = true)
    static String spin() {
        return "A";
    }
}
