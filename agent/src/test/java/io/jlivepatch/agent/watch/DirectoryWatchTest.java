package io.jlivepatch.agent.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.Command;
import io.jlivepatch.agent.control.Reply;
import io.jlivepatch.core.event.LivepatchListener;
import io.jlivepatch.core.reader.PatchJarWriter;
import io.jlivepatch.core.transition.Scheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poll loop against a fake engine, on the test's thread: what it sends to the executor, when
 * it holds back (a transition in progress, the engine busy), that it logs a refusal once, and that
 * a poll always schedules the next one, whatever happens.
 */
class DirectoryWatchTest {

    @TempDir
    Path dir;

    private final List<String> commands = new ArrayList<>();
    private final List<String> messages = new ArrayList<>();
    private final List<Runnable> scheduled = new ArrayList<>();
    private final Map<String, String> active = new HashMap<>();
    private boolean inTransition;
    private boolean busy;
    private RuntimeException failure;

    private final DirectoryWatch.Engine engine = new DirectoryWatch.Engine() {
        @Override
        public boolean inTransition() {
            if (failure != null) {
                throw failure;
            }
            return inTransition;
        }

        @Override
        public Map<String, String> activePatches() {
            return Map.copyOf(active);
        }

        @Override
        public Reply execute(Command command) {
            commands.add(command.kind().word() + " " + (command.kind() == Command.Kind.LOAD
                    ? Path.of(command.patch()).getFileName() : command.name()) + " via " + command.requester().via());
            if (busy) {
                return new Reply(null, command.kind().word(), false, true, null, null, "busy", 0);
            }
            if (command.kind() == Command.Kind.DISABLE) {
                active.remove(command.name());
                return new Reply(null, "disable", true, false, command.name(), null, null, 0);
            }
            JarContent content;
            try {
                content = new DirectoryScan(Path.of(command.patch()).getParent()).scan()
                        .get(Path.of(command.patch()).getFileName().toString());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            if (content.patchName() == null) {
                return new Reply(null, "load", false, false, command.patch(), null, "is not a jar", 0);
            }
            active.put(content.patchName(), content.sha256());
            return new Reply(null, "load", true, false, content.patchName(), content.sha256(), null, 0);
        }
    };

    private final Scheduler scheduler = (task, delay) -> scheduled.add(task);

    private DirectoryWatch watch() {
        return new DirectoryWatch(dir, 100, engine, scheduler, (level, text) -> messages.add(level + " " + text),
                new Command.Requester("me", 1, "watch " + dir));
    }

    private void patch(String file, String name) throws IOException {
        PatchJarWriter.write(dir.resolve(file), name, false, List.of(), Map.of());
    }

    /** Runs the one scheduled poll, which schedules the next. */
    private void poll() {
        assertEquals(1, scheduled.size(), "exactly one poll is pending");
        scheduled.remove(0).run();
    }

    @Test
    void appliesTheDirectoryThroughTheAuditedExecutor() throws IOException {
        patch("a.jar", "fix-a");
        patch("b.jar", "fix-b");
        DirectoryWatch watch = watch();
        watch.converge();
        assertEquals(List.of("load a.jar via watch " + dir, "load b.jar via watch " + dir), commands);
        watch.start();
        Files.delete(dir.resolve("a.jar"));
        poll();
        assertEquals("disable fix-a via watch " + dir, commands.get(2));
        assertEquals(java.util.Set.of("fix-b"), active.keySet());
        poll();
        assertEquals(3, commands.size(), "nothing changed, nothing sent");
    }

    @Test
    void holdsBackWhileATransitionIsInProgressOrTheEngineIsBusy() throws IOException {
        DirectoryWatch watch = watch();
        watch.start();
        patch("a.jar", "fix-a");
        inTransition = true;
        poll();
        assertEquals(List.of(), commands);
        inTransition = false;
        busy = true;
        poll();
        poll();
        assertEquals(2, commands.size(), "a busy engine is asked again at the next poll");
        busy = false;
        poll();
        assertEquals(Map.of("fix-a", active.get("fix-a")), active);
    }

    @Test
    void aCorruptJarIsLoggedOnceAndLoadedWhenFixed() throws IOException {
        DirectoryWatch watch = watch();
        watch.start();
        Files.writeString(dir.resolve("x.jar"), "not a jar");
        for (int i = 0; i < 5; i++) {
            poll();
        }
        assertEquals(1, commands.size());
        assertEquals(1, messages.stream().filter(m -> m.contains("x.jar") && m.contains("not loaded: is not a jar"))
                .count(), messages::toString);
        patch("x.jar", "fix-x");
        poll();
        assertTrue(active.containsKey("fix-x"));
    }

    @Test
    void aFailingPollIsLoggedOnceAndTheNextPollIsScheduledAnyway() throws IOException {
        DirectoryWatch watch = watch();
        watch.start();
        patch("a.jar", "fix-a");
        failure = new IllegalStateException("boom");
        for (int i = 0; i < 3; i++) {
            poll();
        }
        assertEquals(1, messages.stream().filter(m -> m.startsWith("ERROR") && m.contains("boom")).count(),
                messages::toString);
        failure = null;
        poll();
        assertTrue(active.containsKey("fix-a"));
    }

    @Test
    void anUnreadableDirectoryChangesNothing() throws IOException {
        patch("a.jar", "fix-a");
        DirectoryWatch watch = new DirectoryWatch(dir.resolve("later"), 100, engine, scheduler,
                (level, text) -> messages.add(level + " " + text), new Command.Requester("me", 1, "watch"));
        watch.converge();
        watch.start();
        poll();
        poll();
        assertEquals(List.of(), commands);
        assertEquals(1, messages.stream().filter(m -> m.contains("cannot read the directory")).count(),
                messages::toString);
        Files.createDirectory(dir.resolve("later"));
        Files.move(dir.resolve("a.jar"), dir.resolve("later/a.jar"));
        poll();
        assertFalse(active.isEmpty());
    }
}
