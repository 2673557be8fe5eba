package io.jlivepatch.samples.targets;

import io.jlivepatch.agent.boot.Boot;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.registry.Livepatch;
import java.nio.file.Path;

/** The stress harness's flipper through the agent: enable the fix, wait; disable it, wait. */
final class AgentFlipper implements ChainStress.Flipper {

    private final Livepatch livepatch = Boot.livepatch();
    private final Patch patch;

    AgentFlipper(Path jar) throws Exception {
        this.patch = PatchJarReader.read(jar);
    }

    @Override
    public void on() throws Exception {
        livepatch.enable(patch);
        awaitIdle();
    }

    @Override
    public void off() throws Exception {
        livepatch.disable(patch.name());
        awaitIdle();
    }

    private void awaitIdle() throws InterruptedException {
        awaitIdle(livepatch);
    }

    /** Polls until no transition is under way; fails after 20 s. */
    static void awaitIdle(Livepatch livepatch) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (livepatch.isInTransition() && System.nanoTime() < deadline) {
            Thread.sleep(0, 100_000);
        }
        if (livepatch.isInTransition()) {
            throw new IllegalStateException("transition did not complete: " + livepatch.transition());
        }
    }
}
