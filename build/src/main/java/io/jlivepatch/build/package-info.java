/**
 * {@code jlivepatch build}: patch generation from two compiled versions of an application, in the
 * manner of kpatch-build, and packaging of hand-written patch classes.
 *
 * <p>Compares every class of the old and the new version, ignoring what only describes code;
 * classifies every difference as a changed method (a func), new code the patch carries (private
 * methods, lambdas, switch maps, assertion flags, classes the fix adds), a refused change (named, with the reason) or a
 * note; generates one replacement class per changed class in the hand-written format
 * ({@code @TargetClass}/{@code @Replace}, with each func's fingerprint); and writes the patch jar
 * reproducibly. See {@code docs/build.md}.
 *
 * <p>Runs in the CLI's JVM only: nothing in the target JVM depends on it. May import
 * {@code io.jlivepatch.core.model}, {@code core.reader}, {@code core.weave}, the constants of the
 * runtime's bootstraps ({@code Access}, {@code Lambdas}, {@code NewClasses}), ASM and {@code java.base}; never {@code java.lang.instrument}.
 */
package io.jlivepatch.build;
