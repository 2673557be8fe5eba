/**
 * Weaving (the kernel's ftrace {@code fentry} call sites, made by the compiler there and by this
 * package here): inserts the dispatch trampoline into methods of a class file, as pure
 * {@code byte[] -> byte[]} transformations (architecture §4), checks a copy against the fingerprints
 * a patch was built from, and decides what the class-file transformer does with each class
 * ({@link io.jlivepatch.core.weave.WeavePlan#decide}: bytes and the published plan in, a
 * {@link io.jlivepatch.core.weave.WeaveDecision} out).
 *
 * <p>Owns the prologue's bytecode shape, the checks that refuse methods which cannot carry it, and
 * nothing else: no class loading, no retransformation, no I/O, no mutable state. Unweaving is not
 * code here: the caller keeps the class's original bytes and hands them back.
 *
 * <p>May import {@code io.jlivepatch.core.model}, ASM ({@code org.objectweb.asm.**}) and the
 * compile-time constants of {@code io.jlivepatch.runtime.Dispatch} only (javac inlines them, so the
 * bootstrap runtime is never loaded by weaving).
 */
package io.jlivepatch.core.weave;
