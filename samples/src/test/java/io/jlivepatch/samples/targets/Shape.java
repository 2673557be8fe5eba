package io.jlivepatch.samples.targets;

/** A target with an abstract method, which cannot be patched. */
public abstract class Shape {

    public abstract double area();

    public String describe() {
        return "shape of area " + area();
    }
}
