package io.jlivepatch.build;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.reader.PatchFormatException;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.reader.PatchJarWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code jlivepatch build}: makes a patch jar from two compiled versions of an application, or
 * packages hand-written patch classes, as a {@link BuildRequest} asks. The command line is the
 * CLI's ({@code io.jlivepatch.agent.cli}, one grammar for every verb); this is what it runs.
 *
 * <p>Prints a kpatch-style summary (changed methods per class, carried new code, refused changes,
 * notes). Exit codes (architecture §6): 0 written; 1 refused or failed, and no jar written; 2 a
 * selection ({@code --only}, {@code --exclude}) that names nothing in either version (other usage
 * errors are the CLI's: a request is well-formed by construction).
 *
 * <p>Stateless and thread-safe; every call is independent.
 */
public final class BuildCommand {

    /** The exit code of a selector that names nothing (the CLI's usage error). */
    public static final int USAGE = 2;

    private BuildCommand() {}

    /**
     * Runs one build.
     *
     * @param request what to build
     * @param out where the summary goes
     * @param err where errors go
     * @return the exit code: 0 written, 1 refused or failed (no jar written), 2 a selector that names nothing
     */
    public static int run(BuildRequest request, PrintStream out, PrintStream err) {
        try {
            return request.isHandWritten() ? handWritten(request, out, err) : generated(request, out, err);
        } catch (IOException e) {
            err.println("jlivepatch: build '" + request.name() + "' failed: " + message(e));
            return 1;
        } catch (RuntimeException e) {
            // a class file ASM cannot read, or a bug: say so rather than die with a stack trace
            err.println("jlivepatch: build '" + request.name() + "' failed: " + e);
            return 1;
        }
    }

    private static int generated(BuildRequest request, PrintStream out, PrintStream err) throws IOException {
        long start = System.nanoTime();
        Program old = new Program("old", ClassFiles.read(request.old()));
        Program now = new Program("new", ClassFiles.read(request.now()));
        Selection selection = new Selection(request.only(), request.exclude());
        String unmatched = selection.unmatched(old, now);
        if (unmatched != null) {
            err.println("jlivepatch: build '" + request.name() + "': " + unmatched);
            return USAGE;
        }
        out.println("jlivepatch: building patch '" + request.name() + "': " + request.old() + " (" + old.names().size()
                + " classes) -> " + request.now() + " (" + now.names().size() + " classes)");
        NestedJars nested = NestedJars.compare(request.old(), request.now());
        if (nested.identical() > 0) {
            out.println("jlivepatch: '" + request.name() + "': " + nested.identical() + " nested librar"
                    + (nested.identical() == 1 ? "y" : "ies") + " identical in both versions: nothing to patch there");
        }
        for (String change : nested.changed()) {
            out.println("jlivepatch: '" + request.name() + "': note: " + change + ": library code is not patched"
                    + " (only the application's classes are); if the fix relies on it, build a patch from the"
                    + " library's two versions, or deploy");
        }
        PatchBuild.Result result = PatchBuild.run(old, now, selection);
        Report report = result.report();
        report.print(out);
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.println("jlivepatch: '" + request.name() + "': " + report.totals() + " (" + millis + " ms)");
        if (!selection.isAll()) {
            out.println("jlivepatch: '" + request.name() + "': left out by the selection: " + report.leftOutLine());
        }
        if (report.isRefused()) {
            err.println("jlivepatch: '" + request.name() + "': refused: " + report.count(Report.Kind.REFUSED)
                    + " unsupported change(s); no patch written");
            return 1;
        }
        if (result.classes().isEmpty()) {
            err.println("jlivepatch: '" + request.name() + "': no changed methods: nothing to patch; no patch written");
            return 1;
        }
        return write(request, result.classes(), out, err);
    }

    private static int handWritten(BuildRequest request, PrintStream out, PrintStream err) throws IOException {
        Program old = request.old() == null ? null : new Program("old", ClassFiles.read(request.old()));
        HandWrittenPatch.Result result = HandWrittenPatch.pack(request.name(), request.replace(), request.states(),
                ClassFiles.read(request.patchClasses()), old);
        if (result.jar() == null) {
            result.refusals().forEach(r -> err.println("jlivepatch: '" + request.name() + "': refused: " + r));
            err.println("jlivepatch: '" + request.name() + "': no patch written");
            return 1;
        }
        Files.write(request.output(), result.jar());
        summary(request, result.patch(), result.jar(), out);
        return 0;
    }

    private static int write(BuildRequest request, Map<String, byte[]> classes, PrintStream out, PrintStream err)
            throws IOException {
        byte[] jar = PatchJarWriter.toBytes(request.name(), request.replace(), request.states(), classes);
        Patch patch;
        try {
            // the same reader the agent uses: a generator bug surfaces here, not in the target
            patch = PatchJarReader.read(request.output().toString(), jar);
        } catch (PatchFormatException e) {
            err.println("jlivepatch: '" + request.name() + "': the generated patch does not read back: " + e.getMessage());
            return 1;
        }
        Files.write(request.output(), jar);
        summary(request, patch, jar, out);
        return 0;
    }

    private static void summary(BuildRequest request, Patch patch, byte[] jar, PrintStream out) {
        int funcs = 0;
        for (PatchObject object : patch.objects()) {
            funcs += object.funcs().size();
        }
        out.println("jlivepatch: wrote " + request.output() + ": patch '" + patch.name() + "', " + patch.objects().size()
                + " object(s), " + funcs + " func(s), sha256 " + sha256(jar));
    }

    private static String message(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException missing) {
            return missing.getFile() + ": " + (missing.getReason() == null ? "no such file" : missing.getReason());
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
