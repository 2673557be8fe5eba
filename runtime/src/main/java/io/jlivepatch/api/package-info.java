/**
 * The patch-author API: what hand-written and generated patch code may use: the annotations that
 * declare replacements ({@link io.jlivepatch.api.TargetClass}, {@link io.jlivepatch.api.Replace}),
 * object callbacks and system states ({@link io.jlivepatch.api.ObjectCallbacks},
 * {@link io.jlivepatch.api.ObjectContext}, {@link io.jlivepatch.api.SystemState}), shadow variables
 * ({@link io.jlivepatch.api.Shadow}), and the class-loader going announcement for applications
 * ({@link io.jlivepatch.api.Unloading}).
 *
 * <p>Lives in the boot loader so patch code in any class loader sees it. May import
 * {@code java.*} and {@code io.jlivepatch.runtime} only.
 */
package io.jlivepatch.api;
