package io.jlivepatch.benchmarks.support;

import java.util.Arrays;
import java.util.Collection;

/**
 * Medians and extremes of samples: the benchmarks report medians, because on a shared 2-core
 * machine a mean is dragged by whichever neighbour ran a build during one sample.
 *
 * <p>Stateless and thread-safe.
 */
public final class Stats {

    private Stats() {}

    /** The median (the mean of the two middle values for an even count); NaN when empty. */
    public static double median(double[] samples) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The median of {@code samples}. */
    public static double median(Collection<? extends Number> samples) {
        return median(samples.stream().mapToDouble(Number::doubleValue).toArray());
    }

    /** The largest sample; NaN when empty. */
    public static double max(Collection<? extends Number> samples) {
        return samples.stream().mapToDouble(Number::doubleValue).max().orElse(Double.NaN);
    }

    /** The smallest sample; NaN when empty. */
    public static double min(Collection<? extends Number> samples) {
        return samples.stream().mapToDouble(Number::doubleValue).min().orElse(Double.NaN);
    }
}
