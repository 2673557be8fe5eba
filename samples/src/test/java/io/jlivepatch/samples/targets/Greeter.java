package io.jlivepatch.samples.targets;

/** A target class for the end-to-end tests: instance, overloaded, static and private members. */
public class Greeter {

    private final String greeting = "hello";

    public String greet(String name) {
        return greeting + " " + name;
    }

    public String greet(int times) {
        return greeting + " x" + times;
    }

    public static int twice(int x) {
        return 2 * x;
    }

    public String fail(String why) {
        return "fine " + why;
    }

    private String decorate(String text) {
        return "[" + text + "]";
    }
}
