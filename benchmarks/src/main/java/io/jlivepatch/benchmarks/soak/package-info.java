/**
 * The soak: thousands of load/replace/disable cycles on one JVM, with callbacks and shadow
 * variables in the patches, checking that nothing grows (issue 18, docs/performance.md "Soak").
 */
package io.jlivepatch.benchmarks.soak;
