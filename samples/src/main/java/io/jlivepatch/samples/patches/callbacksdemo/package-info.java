/**
 * Sample patch {@code livepatch-callbacks-demo} (the kernel's {@code livepatch-callbacks-demo}):
 * object callbacks and a system state, on {@link io.jlivepatch.samples.shadow.DummyService}.
 * Packaged by Maven as {@code samples/target/patches/callbacks/livepatch-callbacks-demo.jar}; see
 * {@link io.jlivepatch.samples.patches.callbacksdemo.CallbacksDemo}. May import the patch-author API.
 */
package io.jlivepatch.samples.patches.callbacksdemo;
