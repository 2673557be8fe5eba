package demo.lib;

/** Version 1.0: the released library, with the bug (a null name greets "null"). */
public class Greeter {
    public String greet(String name) {
        return "Hello, " + name + "!";
    }

    public int version() {
        return 1;
    }
}
