package demo.lib;

import java.util.Optional;

/** Greets people; counts the greetings (private state the fix keeps using). */
public class Greeter {
    private final String greeting;
    private int calls;

    public Greeter(String greeting) {
        this.greeting = greeting;
    }

    // fix: trims the name, greets nobody politely, and says it louder
    public String greet(String name) {
        calls++;
        return Optional.ofNullable(name).filter(n -> !n.isBlank()).map(n -> greeting + ", " + normalize(n) + "!")
                .orElse(greeting + ", " + normalize(name) + "!");
    }

    // fix: a negative count greets nobody instead of nothing, separated
    public String greet(int times) {
        return times <= 0 ? "(nobody)" : repeat(greeting, times);
    }

    private static String normalize(String name) {
        return name == null || name.isBlank() ? "stranger" : name.trim();
    }

    private static String repeat(String text, int times) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < times; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(text);
        }
        return out.toString();
    }

    public int calls() {
        return calls;
    }
}
