/**
 * Patch jars (what the module loader and {@code klp_init_patch} do with a patch module's
 * {@code struct klp_patch}): reading one into the {@link io.jlivepatch.core.model.Patch} model
 * ({@link io.jlivepatch.core.reader.PatchJarReader}) and writing one reproducibly
 * ({@link io.jlivepatch.core.reader.PatchJarWriter}).
 *
 * <p>Owns the patch jar format: the {@code Livepatch-} manifest attributes (name, replace, states),
 * which entries are patch classes, and how {@code @TargetClass}/{@code @Replace} annotations become
 * objects and funcs. Every failure surfaces as a {@link io.jlivepatch.core.reader.PatchFormatException}
 * naming the jar.
 *
 * <p>May import {@code io.jlivepatch.core.model}, ASM ({@code org.objectweb.asm}) and
 * {@code java.base}. Class files are only ever parsed, never loaded: the annotations are matched by
 * descriptor, so the patch-author API itself is not a dependency.
 */
package io.jlivepatch.core.reader;
