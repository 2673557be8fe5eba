/**
 * The livepatch model (the "external" half of {@code include/linux/livepatch.h}: {@code klp_patch},
 * {@code klp_object}, {@code klp_func}, {@code klp_state}): immutable records
 * {@link io.jlivepatch.core.model.Patch} → {@link io.jlivepatch.core.model.PatchObject} (a class) →
 * {@link io.jlivepatch.core.model.PatchFunc} (a method and its replacement), with validation.
 *
 * <p>May import java.base only.
 */
package io.jlivepatch.core.model;
