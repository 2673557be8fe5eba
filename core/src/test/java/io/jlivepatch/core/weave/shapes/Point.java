package io.jlivepatch.core.weave.shapes;

/** Record methods: the accessor {@code x()}, an ordinary method, and {@code toString()}, whose body is itself an invokedynamic. */
public record Point(int x, int y) {

    public Point scale(int k) {
        return new Point(x * k, y * k);
    }
}
