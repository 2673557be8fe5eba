package io.jlivepatch.agent.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The watch's decisions, pure: what the directory holds and which patches are active in, the next
 * operation out. {@link Engine} plays the engine: it carries steps out the way the agent would.
 */
class WatchStateTest {

    private final WatchState state = new WatchState();
    private final Engine engine = new Engine();

    /** A tiny engine: active patches by name (to SHA-256); replace patches pop every other one. */
    private final class Engine {
        final Map<String, String> active = new HashMap<>();

        /** Carries {@code step} out like the agent: loads or disables, then reports to the state. */
        void run(Step step) {
            if (step instanceof Step.Load load) {
                JarContent content = load.content();
                String name = content.patchName();
                if (name == null || active.containsKey(name)) {
                    state.loadRefused(load);
                    return;
                }
                if (name.startsWith("all")) {
                    active.clear(); // a cumulative (replace) patch
                }
                active.put(name, content.sha256());
                state.loaded(load, name, content.sha256());
            } else {
                Step.Disable disable = (Step.Disable) step;
                active.remove(disable.name());
                state.disableFinished(disable);
            }
        }
    }

    /** {@code "a.jar=s1:fix-1"} pairs: file, SHA-256, patch name ({@code -} for not a patch). */
    private static SortedMap<String, JarContent> dir(String... files) {
        SortedMap<String, JarContent> jars = new TreeMap<>();
        for (String file : files) {
            String[] parts = file.split("[=:]");
            jars.put(parts[0], new JarContent(parts[1], parts[2].equals("-") ? null : parts[2]));
        }
        return jars;
    }

    private Step next(SortedMap<String, JarContent> jars) {
        return state.next(jars, Map.copyOf(engine.active));
    }

    /** Steps until the state has nothing more to do; returns them, described. */
    private String converge(SortedMap<String, JarContent> jars) {
        StringBuilder steps = new StringBuilder();
        for (Step step = next(jars); step != null; step = next(jars)) {
            steps.append(steps.length() == 0 ? "" : ", ").append(describe(step));
            engine.run(step);
        }
        return steps.toString();
    }

    private static String describe(Step step) {
        if (step instanceof Step.Load load) {
            return "load " + load.file() + (load.changed() ? " (changed)" : "");
        }
        Step.Disable disable = (Step.Disable) step;
        return "disable " + disable.name() + (disable.reload() ? " (reload)" : "");
    }

    @Test
    void addsInFileNameOrderOneStepAtATime() {
        SortedMap<String, JarContent> jars = dir("b.jar=s2:fix-b", "a.jar=s1:fix-a");
        assertEquals("load a.jar", describe(next(jars)));
        assertEquals("load a.jar", describe(next(jars)), "nothing is recorded until the step is carried out");
        assertEquals("load a.jar, load b.jar", converge(jars));
        assertEquals(Map.of("fix-a", "s1", "fix-b", "s2"), engine.active);
        assertNull(next(jars));
    }

    @Test
    void removalsComeBeforeAdditions() {
        converge(dir("a.jar=s1:fix-a", "b.jar=s2:fix-b"));
        assertEquals("disable fix-b, load c.jar", converge(dir("a.jar=s1:fix-a", "c.jar=s3:fix-c")));
        assertEquals(Map.of("fix-a", "s1", "fix-c", "s3"), engine.active);
    }

    @Test
    void aCumulativeJarReplacesAndReplacedJarsAreNotLoadedAgain() {
        converge(dir("a.jar=s1:fix-a", "b.jar=s2:fix-b"));
        SortedMap<String, JarContent> withAll = dir("a.jar=s1:fix-a", "b.jar=s2:fix-b", "c.jar=s3:all-1");
        assertEquals("load c.jar", converge(withAll));
        assertEquals(Map.of("all-1", "s3"), engine.active);
        assertNull(next(withAll), "a.jar and b.jar were loaded once; re-enabling them would undo the replace");

        // The cumulative jar removed: its patch is disabled, and the ones it replaced stay gone.
        assertEquals("disable all-1", converge(dir("a.jar=s1:fix-a", "b.jar=s2:fix-b")));
        assertEquals(Map.of(), engine.active);
    }

    @Test
    void aRemovedJarWhosePatchIsAlreadyGoneNeedsNothing() {
        converge(dir("a.jar=s1:fix-a", "c.jar=s3:all-1"));
        assertEquals(Map.of("all-1", "s3"), engine.active);
        assertEquals("", converge(dir("c.jar=s3:all-1")), "fix-a was replaced: not an error, nothing to disable");
    }

    @Test
    void aPatchOfTheSameNameLoadedByOtherMeansIsNotDisabled() {
        converge(dir("a.jar=s1:fix-a"));
        engine.active.put("fix-a", "s9"); // disabled and loaded again with the CLI, another content
        assertEquals("", converge(dir()));
        assertEquals(Map.of("fix-a", "s9"), engine.active);
    }

    @Test
    void aRefusedContentIsNotTriedAgainUntilItChanges() {
        SortedMap<String, JarContent> corrupt = dir("x.jar=bad:-");
        assertEquals("load x.jar", converge(corrupt));
        assertNull(next(corrupt));
        assertNull(next(corrupt));
        assertEquals("load x.jar (changed)", converge(dir("x.jar=good:fix-x")));
        assertEquals(Map.of("fix-x", "good"), engine.active);
    }

    @Test
    void aRefusedFileRemovedAndAddedBackIsTriedAgain() {
        converge(dir("x.jar=bad:-"));
        converge(dir());
        assertEquals("load x.jar", converge(dir("x.jar=bad:-")));
    }

    @Test
    void aChangedJarIsLoadedBeforeItsOldPatchIsDisabled() {
        converge(dir("a.jar=s1:fix-1"));
        assertEquals("load a.jar (changed), disable fix-1", converge(dir("a.jar=s2:fix-2")));
        assertEquals(Map.of("fix-2", "s2"), engine.active);
    }

    @Test
    void aChangedCumulativeJarReplacesWithoutADisable() {
        converge(dir("a.jar=s1:all-1"));
        assertEquals("load a.jar (changed)", converge(dir("a.jar=s2:all-2")));
        assertEquals(Map.of("all-2", "s2"), engine.active);
    }

    @Test
    void aNewContentOfTheSamePatchNameDisablesTheOldOneFirst() {
        converge(dir("a.jar=s1:fix-1"));
        assertEquals("disable fix-1 (reload), load a.jar", converge(dir("a.jar=s2:fix-1")));
        assertEquals(Map.of("fix-1", "s2"), engine.active);
    }

    @Test
    void aChangedContentThatFailsLeavesTheOldPatch() {
        converge(dir("a.jar=s1:fix-1"));
        assertEquals("load a.jar (changed)", converge(dir("a.jar=s2:-")));
        assertEquals(Map.of("fix-1", "s1"), engine.active);
        // Fixed later: loaded, and the old patch goes.
        assertEquals("load a.jar (changed), disable fix-1", converge(dir("a.jar=s3:fix-3")));
        assertEquals(Map.of("fix-3", "s3"), engine.active);
    }

    @Test
    void anOperationNotCarriedOutIsAskedForAgain() {
        converge(dir("a.jar=s1:fix-1"));
        SortedMap<String, JarContent> empty = dir();
        Step disable = next(empty);
        assertEquals("disable fix-1", describe(disable));
        // The engine was busy: nothing reported, so the next poll asks again.
        assertEquals("disable fix-1", describe(next(empty)));
        engine.run(disable);
        assertNull(next(empty));
    }

    @Test
    void aRenamedJarChangesNothing() {
        converge(dir("a.jar=s1:fix-1"));
        assertEquals("", converge(dir("b.jar=s1:fix-1")));
        assertEquals(Map.of("fix-1", "s1"), engine.active);
        assertEquals("disable fix-1", converge(dir()), "the renamed file now owns the patch");
    }
}
