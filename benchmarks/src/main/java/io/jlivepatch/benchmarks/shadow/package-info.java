/**
 * The cost of shadow variables ({@code io.jlivepatch.api.Shadow}) against a field and a
 * synchronized {@code WeakHashMap}. May import the runtime's API and JMH.
 */
package io.jlivepatch.benchmarks.shadow;
