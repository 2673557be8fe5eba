package demo.lib;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/** A list of entries: a super call and a protected field of a JDK superclass. */
public class History extends AbstractList<String> {
    private final List<String> entries = new ArrayList<>();

    public void record(String entry) {
        entries.add(entry);
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

    @Override
    public String toString() {
        return "History" + super.toString();
    }
}
