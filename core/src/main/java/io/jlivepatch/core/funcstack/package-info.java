/**
 * Func stacks and the trampoline set (the kernel's {@code patch.c}): per-method stacks of funcs where
 * the newest wins and a nop means the original body ({@code klp_ops}), the methods that carry a
 * trampoline derived from them ({@link io.jlivepatch.core.funcstack.Patching}, the ftrace handler's
 * registration), the {@link io.jlivepatch.core.funcstack.Route}s computed from them, and the
 * {@link io.jlivepatch.core.funcstack.DispatchTable} port that publishes routes to woven code.
 *
 * <p>May import {@code model} and java.base.
 */
package io.jlivepatch.core.funcstack;
