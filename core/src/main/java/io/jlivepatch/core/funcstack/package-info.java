/**
 * Func stacks (the kernel's {@code patch.c}): per-method stacks of funcs where the newest wins and a
 * nop means the original body, the {@link io.jlivepatch.core.funcstack.Route}s computed from them,
 * and the {@link io.jlivepatch.core.funcstack.DispatchTable} port that publishes routes to woven code.
 *
 * <p>May import {@code model} and java.base.
 */
package io.jlivepatch.core.funcstack;
