package io.jlivepatch.samples.demo;

import java.util.Map;

/**
 * The demo service's pricing, with the bugs the sample patches fix. Amounts are computed in one
 * unit ({@link #subtotal}) and rendered in another ({@link #render}); the two must agree, which is
 * why a fix that changes the unit must change both methods in one consistent step.
 *
 * <p>Stateless and thread-safe.
 */
public final class Pricing {

    private static final Map<String, Long> PRICE_IN_MILLIS = Map.of(
            "apple", 1_234L, "pear", 2_345L, "plum", 999L, "fig", 4_005L);

    private Pricing() {}

    /** The unit price of {@code item} in thousandths of a dollar; unknown items cost nothing. */
    public static long unitMillis(String item) {
        return PRICE_IN_MILLIS.getOrDefault(item, 0L);
    }

    /**
     * Function 1: the bulk discount, in percent. Bug 1: the intended rule is debated; this version
     * gives 50% from ten items on (patch A makes it 5%, patch B goes back to this).
     */
    public static int discountPercent(int qty) {
        return qty >= 10 ? 50 : 0;
    }

    /**
     * Function 2: the amount to pay before discount, in cents. Bug 2: it truncates each sub-cent
     * remainder instead of rounding (patch B computes in thousandths of a dollar instead).
     */
    public static long subtotal(String item, int qty) {
        return unitMillis(item) * qty / 10;
    }

    /**
     * Function 3: renders an amount produced by {@link #subtotal}, in cents here. Patch B changes
     * it together with {@link #subtotal}: a call that ran one without the other would be off by ten.
     */
    public static String render(long amount) {
        return String.format("%d.%02d", amount / 100, amount % 100);
    }

    /** A quote: subtotal, discount, some work, and the rendered total. */
    public static String quote(String item, int qty) {
        long amount = subtotal(item, qty);
        amount = amount * (100 - discountPercent(qty)) / 100;
        Busy.work();
        return render(amount);
    }
}
