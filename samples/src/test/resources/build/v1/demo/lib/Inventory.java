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

        void add(int n) {
            count += n;
        }
    }

    private final Map<String, Item> items = new TreeMap<>();

    public void add(String name, Kind kind, int n) {
        items.computeIfAbsent(name, k -> new Item(kind)).add(n);
    }

    public int count(String name) {
        Item item = items.get(name);
        return item == null ? 0 : item.count;
    }

    public List<String> report() {
        List<String> names = new ArrayList<>(items.keySet());
        names.sort(new Comparator<String>() {
            @Override
            public int compare(String a, String b) {
                return Integer.compare(items.get(a).count, items.get(b).count);
            }
        });
        return names;
    }

    public static int shelf(Kind kind) {
        switch (kind) {
            case BOOK:
                return 1;
            case FOOD:
                return 2;
            default:
                return 3;
        }
    }
}
