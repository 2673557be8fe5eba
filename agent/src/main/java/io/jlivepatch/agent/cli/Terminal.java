package io.jlivepatch.agent.cli;

import java.io.Console;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The CLI's output: results on standard output, errors and notes on standard error, and a progress
 * line that is drawn only on an interactive terminal ({@code System.console() != null}) and erased
 * before any other line.
 *
 * <p>Not thread-safe: the CLI's main thread owns it.
 */
final class Terminal {

    private final PrintStream out;
    private final PrintStream err;
    private final PrintWriter console;
    private int progressWidth;
    private String progressText = "";

    Terminal(PrintStream out, PrintStream err, Console console) {
        this.out = out;
        this.err = err;
        this.console = console == null ? null : console.writer();
    }

    /** Standard output, for a command that hands it to a child process. */
    PrintStream out() {
        return out;
    }

    /** Standard error. */
    PrintStream err() {
        return err;
    }

    /** A result line. */
    void line(String text) {
        clearProgress();
        out.println(text);
        out.flush();
    }

    /** An error or a note. */
    void error(String text) {
        clearProgress();
        err.println(text);
        err.flush();
    }

    /** Replaces the progress line (interactive terminals only). */
    void progress(String text) {
        if (console == null || (progressWidth > 0 && text.equals(progressText))) {
            return;
        }
        progressText = text;
        String padded = text.length() < progressWidth ? text + " ".repeat(progressWidth - text.length()) : text;
        console.print("\r" + padded);
        console.flush();
        progressWidth = text.length();
    }

    void clearProgress() {
        if (console != null && progressWidth > 0) {
            console.print("\r" + " ".repeat(progressWidth) + "\r");
            console.flush();
            progressWidth = 0;
        }
    }
}
