/**
 * Sample patch {@code livepatch-shadow-fix1} (the kernel's {@code livepatch-shadow-fix1}): a leak
 * fixed with a shadow variable, for {@link io.jlivepatch.samples.shadow.DummyService}. Packaged by
 * Maven as {@code samples/target/patches/shadow/livepatch-shadow-fix1.jar}; see
 * {@link io.jlivepatch.samples.patches.shadowfix1.ShadowFix1} for how to run it. May import the
 * patch-author API and the sample service.
 */
package io.jlivepatch.samples.patches.shadowfix1;
