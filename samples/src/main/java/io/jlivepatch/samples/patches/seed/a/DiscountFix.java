package io.jlivepatch.samples.patches.seed.a;

import io.jlivepatch.api.Replace;
import io.jlivepatch.api.TargetClass;

/**
 * Sample patch A ({@code fix-discount}): fixes bug 1 by changing function 1, the bulk discount,
 * from 50% to 5%.
 *
 * <pre>
 *   mvn -B -q -DskipTests package        # builds samples/target/patches/fix-discount.jar
 *   ./jlivepatch load ShopService samples/target/patches/fix-discount.jar
 *   jlivepatch: enabling patch 'fix-discount'
 *   ...
 *   jlivepatch: 'fix-discount': patching complete
 *   curl 'http://127.0.0.1:PORT/quote?item=apple&amp;qty=12'     # "total":"14.06" instead of "7.40"
 * </pre>
 */
@TargetClass("io.jlivepatch.samples.demo.Pricing")
public final class DiscountFix {

    private DiscountFix() {}

    @Replace(isStatic = true)
    static int discountPercent(int qty) {
        return qty >= 10 ? 5 : 0;
    }
}
