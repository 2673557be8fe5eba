package demo.lib;

/** Greets people; counts the greetings (private state the fix keeps using). */
public class Greeter {
    private final String greeting;
    private int calls;

    public Greeter(String greeting) {
        this.greeting = greeting;
    }

    public String greet(String name) {
        calls++;
        return greeting + ", " + name;
    }

    public String greet(int times) {
        return repeat(greeting, times);
    }

    private static String repeat(String text, int times) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < times; i++) {
            out.append(text);
        }
        return out.toString();
    }

    public int calls() {
        return calls;
    }
}
