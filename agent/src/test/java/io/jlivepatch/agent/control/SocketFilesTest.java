package io.jlivepatch.agent.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command socket's files and the JVM's exit: an exit that begins while the socket is being made
 * waits for it and then removes what it made, and nothing is made once the exit began (the race that
 * left directories and sockets in {@code /tmp} when a JVM ended as its command thread was binding).
 */
class SocketFilesTest {

    @TempDir
    Path tmp;

    @Test
    void anExitDuringABindWaitsForItThenRemovesTheSocketAndItsDirectory() throws Exception {
        Path socket = tmp.resolve(".jlivepatch-1").resolve("commands");
        SocketFiles files = SocketFiles.register(socket);
        assertNotNull(files, "the test JVM is not exiting: registering must work");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<Throwable> binderFailed = new AtomicReference<>();
        Thread binder = new Thread(() -> {
            try {
                files.create(() -> {
                    Files.createDirectory(socket.getParent());
                    inside.countDown();
                    await().atMost(Duration.ofSeconds(30)).until(() -> finish.getCount() == 0);
                    Files.createFile(socket);
                });
            } catch (Throwable t) {
                binderFailed.set(t);
            }
        }, "binder");
        binder.start();
        assertTrue(inside.await(30, TimeUnit.SECONDS), "the creation did not start");

        Thread exit = new Thread(files::remove, "exit");
        exit.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> exit.getState() == Thread.State.BLOCKED);
        assertTrue(Files.isDirectory(socket.getParent()), "the removal must wait for the creation in progress");

        finish.countDown();
        binder.join(30_000);
        exit.join(30_000);
        assertFalse(binder.isAlive() || exit.isAlive(), "the binder or the removal did not finish");
        if (binderFailed.get() != null) {
            fail("the creation failed", binderFailed.get());
        }
        assertFalse(Files.exists(socket), "the socket made during the exit was left behind");
        assertFalse(Files.exists(socket.getParent()), "the directory made during the exit was left behind");
    }

    @Test
    void nothingIsMadeOnceTheExitBegan() throws Exception {
        Path socket = tmp.resolve(".jlivepatch-2").resolve("commands");
        SocketFiles files = SocketFiles.register(socket);
        assertNotNull(files);
        files.remove();
        assertFalse(files.create(() -> Files.createDirectory(socket.getParent())),
                "a creation after the exit began must be refused");
        assertFalse(Files.exists(socket.getParent()));
    }
}
