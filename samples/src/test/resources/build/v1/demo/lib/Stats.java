package demo.lib;

import java.util.List;
import java.util.stream.Collectors;

/** Static helpers with lambdas; the fix adds a lambda before the others, which javac renumbers. */
public final class Stats {
    private Stats() {
    }

    public static double mean(int[] values) {
        int sum = 0;
        for (int value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    public static int sumOfSquares(List<Integer> values) {
        return values.stream().mapToInt(v -> v * v).sum();
    }

    public static List<String> labels(List<Integer> values) {
        return values.stream().map(v -> "#" + v).collect(Collectors.toList());
    }
}
