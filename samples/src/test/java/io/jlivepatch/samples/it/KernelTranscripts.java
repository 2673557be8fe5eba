package io.jlivepatch.samples.it;

import java.util.ArrayList;
import java.util.List;

/** Transcript helpers for the ported selftests of the consistency model and atomic replace. */
final class KernelTranscripts {

    private KernelTranscripts() {}

    /**
     * The transcript without the blocked-thread debug lines, as the selftests' harness sees it: it
     * turns dynamic debug off for {@code klp_try_switch_task}, whose lines depend on timing.
     */
    static List<String> withoutSwitchDebug(List<String> transcript) {
        List<String> kept = new ArrayList<>();
        for (String line : transcript) {
            if (!line.startsWith("jlivepatch: klp_try_switch_task: ")) {
                kept.add(line);
            }
        }
        return kept;
    }

    /** The selftests' {@code EN(p)} block cut after "starting": a transition that stays blocked. */
    static List<String> stalled(String patch) {
        return List.of(
                "jlivepatch: enabling patch '" + patch + "'",
                "jlivepatch: '" + patch + "': initializing patching transition",
                "jlivepatch: '" + patch + "': starting patching transition");
    }
}
