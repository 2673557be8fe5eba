package demo.lib;

import java.util.function.Function;

/** New in v2: numbers values as it labels them. */
final class Labels implements Function<Integer, String> {
    private final String prefix;
    private int position;

    Labels(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public String apply(Integer value) {
        return prefix + value + "@" + position++;
    }
}
