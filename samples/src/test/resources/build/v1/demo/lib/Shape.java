package demo.lib;

/** An interface with a default and a static method. */
public interface Shape {
    double area();

    default String describe() {
        return getClass().getSimpleName() + " of area " + area();
    }

    static Shape square(double side) {
        return new Square(side);
    }
}
