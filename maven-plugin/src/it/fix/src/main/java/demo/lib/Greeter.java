package demo.lib;

/** The working copy: greet fixed, and a new public method, which a running JVM cannot take (left out by <only>). */
public class Greeter {
    public String greet(String name) {
        return "Hello, " + orStranger(name) + "!";
    }

    private static String orStranger(String name) {
        return name == null || name.isBlank() ? "stranger" : name;
    }

    public int version() {
        return 2;
    }

    public String farewell(String name) {
        return "Goodbye, " + name + ".";
    }
}
