/**
 * A leaky sample service for the shadow variable sample patch (the kernel's
 * {@code livepatch-shadow-mod}). Imports nothing from jlivepatch.
 */
package io.jlivepatch.samples.shadow;
