package io.jlivepatch.agent.control.jmx;

import javax.management.ConstructorParameters;

/**
 * An object (target class) of a patch, mapped to {@code CompositeData} by the MXBean framework.
 *
 * <p>Immutable and thread-safe.
 */
public final class PatchObjectInfo {

    private final String name;
    private final boolean loaded;
    private final boolean patched;
    private final FuncInfo[] funcs;

    /**
     * @param name the class's binary name
     * @param loaded whether a copy of it is loaded
     * @param patched whether its funcs are in effect for a loaded copy
     * @param funcs its funcs
     */
    @ConstructorParameters({"name", "loaded", "patched", "funcs"})
    public PatchObjectInfo(String name, boolean loaded, boolean patched, FuncInfo[] funcs) {
        this.name = name;
        this.loaded = loaded;
        this.patched = patched;
        this.funcs = funcs.clone();
    }

    public String getName() {
        return name;
    }

    public boolean isLoaded() {
        return loaded;
    }

    public boolean isPatched() {
        return patched;
    }

    public FuncInfo[] getFuncs() {
        return funcs.clone();
    }

    /**
     * One func, mapped to {@code CompositeData}.
     *
     * <p>Immutable and thread-safe.
     */
    public static final class FuncInfo {
        private final String name;
        private final String descriptor;
        private final boolean nop;

        /**
         * @param name the bare method name
         * @param descriptor the JVM descriptor
         * @param nop whether it is a nop of an atomic replace
         */
        @ConstructorParameters({"name", "descriptor", "nop"})
        public FuncInfo(String name, String descriptor, boolean nop) {
            this.name = name;
            this.descriptor = descriptor;
            this.nop = nop;
        }

        public String getName() {
            return name;
        }

        public String getDescriptor() {
            return descriptor;
        }

        public boolean isNop() {
            return nop;
        }
    }
}
