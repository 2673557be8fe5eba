package io.jlivepatch.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.control.json.Json;
import io.jlivepatch.core.event.LivepatchListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor's own refusals (before the engine is touched: none is bound here), its audit line and
 * history entry, and its published replies, of which only the newest {@link Channel#REPLIES_KEPT} stay.
 * The engine paths run end to end in the samples' CLI tests.
 */
class CommandExecutorTest {

    private final Properties published = new Properties();
    private final History history = new History();
    private final List<String> log = new ArrayList<>();
    private final Journal journal = new Journal(published);
    private final Signatures signatures = new Signatures();
    private final CommandExecutor executor = new CommandExecutor("1.0", journal, history,
            new StatusPublisher(published, history, signatures, 1, "1.0", patches -> { }, (task, delay) -> { }),
            published, (level, text) -> log.add(level + " " + text), OperationEvents.NONE, null, signatures);

    @TempDir
    Path dir;

    private static Command.Requester alice() {
        return new Command.Requester("alice", 42, "cli");
    }

    @Test
    void anotherVersionIsRefusedNamingBoth() {
        Reply reply = executor.execute(new Command(Command.Kind.DISABLE, null, "fix-a", null, "r1", "2.0", alice()));
        assertFalse(reply.ok());
        assertFalse(reply.busy());
        assertEquals("this process runs the jlivepatch 1.0 agent and the request came from jlivepatch 2.0: use the"
                + " jlivepatch 1.0 CLI with it, or restart the process to load 2.0", reply.error());
        assertEquals(reply, Reply.fromJson(Json.parseObject(published.getProperty(Channel.REPLY + "r1"))));
        assertEquals(List.of("NOTICE jlivepatch: audit: disable 'fix-a' sha256=? by user 'alice' pid 42 via cli: refused: "
                + reply.error()), log);
        History.Entry entry = history.entries().get(0);
        assertEquals("disable", entry.op());
        assertEquals(alice(), entry.requester());
    }

    @Test
    void anUnreadablePatchIsRefusedWithTheReadersMessage() throws Exception {
        Path corrupt = Files.write(dir.resolve("x.jar"), new byte[] {1, 2, 3});
        Reply reply = executor.execute(new Command(Command.Kind.LOAD, corrupt.toString(), null, null, "r", "1.0", alice()));
        assertFalse(reply.ok());
        assertTrue(reply.error().startsWith(corrupt.toString()), reply.error());
        assertEquals(corrupt.toString(), reply.patch());
        assertNull(reply.sha256());
        assertEquals(1, reply.firstSeq());
    }

    @Test
    void onlyTheNewestRepliesStayPublished() {
        for (int i = 0; i < Channel.REPLIES_KEPT + 5; i++) {
            executor.execute(new Command(Command.Kind.FORCE, null, "p", null, "id" + i, "0.9", alice()));
        }
        long replies = published.stringPropertyNames().stream().filter(k -> k.startsWith(Channel.REPLY)).count();
        assertEquals(Channel.REPLIES_KEPT, replies);
        assertNull(published.getProperty(Channel.REPLY + "id0"));
        assertTrue(published.containsKey(Channel.REPLY + "id" + (Channel.REPLIES_KEPT + 4)));
    }

    @Test
    void historyKeepsTheNewest() {
        for (int i = 0; i < History.CAPACITY + 3; i++) {
            executor.execute(new Command(Command.Kind.FORCE, null, "p" + i, null, null, "0.9", alice()));
        }
        List<History.Entry> entries = history.entries();
        assertEquals(History.CAPACITY, entries.size());
        assertEquals("p3", entries.get(0).patch());
    }

    @Test
    void aCommandWithoutIdPublishesNoReply() {
        executor.execute(new Command(Command.Kind.FORCE, null, "p", null, null, "0.9", alice()));
        assertTrue(published.stringPropertyNames().stream().noneMatch(k -> k.startsWith(Channel.REPLY)));
        assertEquals(LivepatchListener.Level.NOTICE.name(), log.get(0).split(" ")[0]);
    }
}
