package demo.lib;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Static helpers with lambdas; the fix adds a lambda before the others, which javac renumbers. */
public final class Stats {
    private Stats() {
    }

    // fix: no integer division, and an empty array has no mean rather than an exception
    public static double mean(int[] values) {
        return IntStream.of(values).mapToDouble(v -> v).average().orElse(Double.NaN);
    }

    // fix: missing values count as nothing (the lambda is the same as before, renumbered)
    public static int sumOfSquares(List<Integer> values) {
        return values.stream().filter(Objects::nonNull).mapToInt(v -> v * v).sum();
    }

    // fix: labels name their position too (a new helper class)
    public static List<String> labels(List<Integer> values) {
        return values.stream().map(new Labels("#")).collect(Collectors.toList());
    }
}
