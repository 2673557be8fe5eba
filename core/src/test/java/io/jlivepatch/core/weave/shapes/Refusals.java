package io.jlivepatch.core.weave.shapes;

/** Members the trampoline must refuse: an abstract and a native method, a constructor, a static initialiser. */
public abstract class Refusals {

    static final int SEED;

    static {
        SEED = Integer.getInteger("jlivepatch.test.seed", 7);
    }

    protected Refusals() {}

    public abstract int area();

    public native int nativeCall();
}
