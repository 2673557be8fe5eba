package demo.lib;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A nested class, an anonymous class and a switch on an enum. */
public class Inventory {

    public enum Kind { BOOK, FOOD, TOOL }

    static final class Item {
        private final Kind kind;
        private int count;

        Item(Kind kind) {
            this.kind = kind;
        }

        // fix: stock cannot go below zero
        void add(int n) {
            if (count + n < 0) {
                throw new IllegalArgumentException("only " + count + " " + kind + " left");
            }
            count += n;
        }
    }

    private final Map<String, Item> items = new TreeMap<>();

    public void add(String name, Kind kind, int n) {
        items.computeIfAbsent(name, k -> new Item(kind)).add(n);
    }

    // fix: names are case-insensitive
    public int count(String name) {
        Item item = items.get(name.toLowerCase(java.util.Locale.ROOT));
        return item == null ? 0 : item.count;
    }

    // fix: most stocked first, ties by name, and nothing out of stock (a new anonymous class)
    public List<String> report() {
        List<String> names = new ArrayList<>(items.keySet());
        names.removeIf(new java.util.function.Predicate<String>() {
            @Override
            public boolean test(String name) {
                return items.get(name).count == 0;
            }
        });
        names.sort(new Comparator<String>() {
            @Override
            public int compare(String a, String b) {
                int byCount = Integer.compare(items.get(b).count, items.get(a).count);
                return byCount != 0 ? byCount : a.compareTo(b);
            }
        });
        return names;
    }

    // fix: tools have their own shelf
    public static int shelf(Kind kind) {
        switch (kind) {
            case BOOK:
                return 1;
            case FOOD:
                return 2;
            case TOOL:
                return 4;
            default:
                return 3;
        }
    }
}
