package io.jlivepatch.core.registry;

import io.jlivepatch.core.transition.Blocker;
import io.jlivepatch.core.transition.PatchState;
import java.util.List;

/**
 * A snapshot of the transition in progress.
 *
 * <p>Immutable and thread-safe.
 *
 * @param patch the transition patch
 * @param target the state threads are moving to
 * @param remaining threads not yet at the target
 * @param blockers the threads that blocked the last pass, with their frames
 */
public record TransitionStatus(String patch, PatchState target, int remaining, List<Blocker> blockers) {
}
