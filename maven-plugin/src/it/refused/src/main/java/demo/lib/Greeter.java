package demo.lib;

/** A fix that keeps state in a new field: a running JVM cannot take it. */
public class Greeter {
    private int greeted;

    public String greet(String name) {
        greeted++;
        return "Hello, " + name + "!";
    }

    public int version() {
        return 1;
    }
}
