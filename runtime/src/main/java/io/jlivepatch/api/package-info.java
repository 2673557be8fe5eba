/**
 * The patch-author API: what hand-written patch code may use (annotations now, {@code Shadow} later).
 *
 * <p>Lives on the bootstrap class path so patch code in any class loader sees it. May import
 * {@code java.*} only.
 */
package io.jlivepatch.api;
