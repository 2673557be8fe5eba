package io.jlivepatch.samples.patches.seed.b;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;
import io.jlivepatch.samples.demo.Busy;
import io.jlivepatch.samples.demo.Pricing;

/**
 * Sample patch B ({@code fix-rounding}, cumulative: {@code Livepatch-Replace: true}): it replaces
 * patch A atomically. It does not patch function 1, so the discount goes back to the original rule
 * (A's change is reverted by the nop atomic replace adds), and it fixes bug 2 by computing in
 * thousandths of a dollar (function 2) and rounding when rendering (function 3). Functions 2 and 3
 * change together: no request may run one without the other. They are called one after the other
 * by {@code Pricing.quote}, which carries the amount from one to the other, so the patch also
 * replaces {@code quote} with its unchanged body: the consistency model switches a thread only when
 * no method of the patch is on its stack, and only a method of the patch on the stack around both
 * calls keeps a thread from switching between them (the kernel's advice: patch the caller when the
 * contract between two functions changes). Without it, the demo's load sees a mixed answer now and
 * then, at a few thousand requests per second.
 *
 * <pre>
 *   ./jlivepatch load ShopService samples/target/patches/fix-rounding.jar
 *   jlivepatch: enabling patch 'fix-rounding'
 *   ...
 *   jlivepatch: 'fix-rounding': patching complete
 *   ./jlivepatch list ShopService       # only fix-rounding is listed, stack order 1
 *   curl 'http://127.0.0.1:PORT/quote?item=apple&amp;qty=12'     # "total":"7.40" (50%, rounded)
 * </pre>
 */
@TargetClass("io.jlivepatch.samples.demo.Pricing")
public final class UnitFix {

    private UnitFix() {}

    /** Now in thousandths of a dollar, no truncation. */
    @Replace(isStatic = true)
    static long subtotal(String item, int qty) {
        return Pricing.unitMillis(item) * qty;
    }

    /** Unchanged body: patched so that subtotal and render of one quote switch together. */
    @Replace(isStatic = true)
    static String quote(String item, int qty) {
        long amount = Pricing.subtotal(item, qty);
        amount = amount * (100 - Pricing.discountPercent(qty)) / 100;
        Busy.work();
        return Pricing.render(amount);
    }

    /** Renders thousandths of a dollar, rounding half up to the cent. */
    @Replace(isStatic = true)
    static String render(long amount) {
        long cents = (amount + 5) / 10;
        return String.format("%d.%02d", cents / 100, cents % 100);
    }
}
