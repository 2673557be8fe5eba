package demo.lib;

import java.util.Locale;

/** An interface with a default and a static method. */
public interface Shape {
    double area();

    // fix: two decimals, whatever the default locale
    default String describe() {
        return String.format(Locale.ROOT, "%s of area %.2f", kind(), area());
    }

    // fix: a negative side is a mistake
    static Shape square(double side) {
        if (side < 0) {
            throw new IllegalArgumentException("negative side " + side);
        }
        return new Square(side);
    }

    private String kind() {
        return getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
