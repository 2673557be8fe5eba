package demo.lib;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The same in both versions: runs every changed method over a set of inputs and prints the results,
 * exceptions included, so that two versions can be compared as text.
 */
public final class Probe {
    private Probe() {
    }

    public static String run(String scenario) {
        List<Callable<Object>> calls = new ArrayList<>();
        switch (scenario) {
            case "greeter": {
                Greeter greeter = new Greeter("Hello");
                calls.add(() -> greeter.greet("Ann"));
                calls.add(() -> greeter.greet("  Bob "));
                calls.add(() -> greeter.greet((String) null));
                calls.add(() -> greeter.greet(""));
                calls.add(() -> greeter.greet(3));
                calls.add(() -> greeter.greet(0));
                calls.add(() -> greeter.greet(-2));
                calls.add(greeter::calls);
                break;
            }
            case "stats": {
                calls.add(() -> Stats.mean(new int[] {1, 2}));
                calls.add(() -> Stats.mean(new int[] {7}));
                calls.add(() -> Stats.mean(new int[0]));
                calls.add(() -> Stats.sumOfSquares(List.of(1, 2, 3)));
                calls.add(() -> Stats.sumOfSquares(java.util.Arrays.asList(1, null, 3)));
                calls.add(() -> Stats.labels(List.of(4, 5)));
                break;
            }
            case "shape": {
                calls.add(() -> Shape.square(1.5).describe());
                calls.add(() -> Shape.square(2).describe());
                calls.add(() -> Shape.square(-1).area());
                calls.add(() -> ((Shape) () -> 3.14159).describe().replaceAll("\\$.*? ", " "));
                break;
            }
            case "inventory": {
                Inventory inventory = new Inventory();
                calls.add(() -> {
                    inventory.add("pen", Inventory.Kind.TOOL, 3);
                    inventory.add("apple", Inventory.Kind.FOOD, 5);
                    inventory.add("atlas", Inventory.Kind.BOOK, 3);
                    inventory.add("ghost", Inventory.Kind.BOOK, 0);
                    return inventory.report();
                });
                calls.add(() -> inventory.count("pen"));
                calls.add(() -> inventory.count("PEN"));
                calls.add(() -> {
                    inventory.add("pen", Inventory.Kind.TOOL, -5);
                    return inventory.count("pen");
                });
                for (Inventory.Kind kind : Inventory.Kind.values()) {
                    calls.add(() -> kind + "@" + Inventory.shelf(kind));
                }
                break;
            }
            case "history": {
                History history = new History();
                calls.add(() -> {
                    history.record("a");
                    history.record(" ");
                    history.record(" b ");
                    return history.size();
                });
                calls.add(history::changes);
                calls.add(history::toString);
                break;
            }
            default:
                return "no scenario " + scenario;
        }
        StringBuilder out = new StringBuilder(scenario).append(':');
        for (Callable<Object> call : calls) {
            try {
                out.append(" [").append(call.call()).append(']');
            } catch (Exception e) {
                out.append(" [threw ").append(e.getClass().getSimpleName()).append(": ").append(e.getMessage()).append(']');
            }
        }
        return out.toString();
    }
}
