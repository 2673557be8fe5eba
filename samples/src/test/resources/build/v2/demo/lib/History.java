package demo.lib;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/** A list of entries: a super call and a protected field of a JDK superclass. */
public class History extends AbstractList<String> {
    private final List<String> entries = new ArrayList<>();

    // fix: blank entries are not recorded, and do not count as a change
    public void record(String entry) {
        if (entry == null || entry.isBlank()) {
            return;
        }
        entries.add(entry.strip());
        modCount++;
    }

    @Override
    public String get(int index) {
        return entries.get(index);
    }

    @Override
    public int size() {
        return entries.size();
    }

    public int changes() {
        return modCount;
    }

    // fix: show the size
    @Override
    public String toString() {
        return "History(" + size() + ")" + super.toString();
    }
}
