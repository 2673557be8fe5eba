package demo.lib;

/** The working copy: greet fixed, version() changed too but left out with <exclude>. */
public class Greeter {
    public String greet(String name) {
        return "Hello, " + (name == null ? "stranger" : name) + "!";
    }

    public int version() {
        return 2;
    }
}
