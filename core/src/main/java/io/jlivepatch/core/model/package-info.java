/**
 * The livepatch model (the "external" half of {@code include/linux/livepatch.h}): immutable records
 * {@link io.jlivepatch.core.model.Patch} → {@link io.jlivepatch.core.model.PatchObject} (a class) →
 * {@link io.jlivepatch.core.model.PatchFunc} (a method and its replacement), with validation.
 *
 * <p>May import java.base only.
 */
package io.jlivepatch.core.model;
