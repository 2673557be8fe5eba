package io.jlivepatch.build;

import io.jlivepatch.core.model.InvalidPatchException;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.SystemState;
import io.jlivepatch.core.reader.PatchFormatException;
import io.jlivepatch.core.reader.PatchJarReader;
import io.jlivepatch.core.reader.PatchJarWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code jlivepatch build}: makes a patch jar from two compiled versions of an application, or
 * packages hand-written patch classes.
 * <pre>
 * jlivepatch build --old &lt;jar|dir&gt; --new &lt;jar|dir&gt; --name &lt;name&gt; [--replace] [--state &lt;id&gt;:&lt;version&gt;]... -o &lt;patch.jar&gt;
 * jlivepatch build --patch-classes &lt;dir|jar&gt; --name &lt;name&gt; [--old &lt;jar|dir&gt;] [--replace] [--state ...]... -o &lt;patch.jar&gt;
 * </pre>
 * Prints a kpatch-style summary (changed methods per class, carried new code, refused changes,
 * notes). Exit codes (architecture §6): 0 written; 1 refused or failed, and no jar written; 2 usage.
 *
 * <p>Stateless and thread-safe; every call is independent.
 */
public final class BuildCommand {

    static final String USAGE = String.join("\n",
            "usage: jlivepatch build --old <jar|dir> --new <jar|dir> --name <name> [--replace]",
            "                        [--state <id>:<version>]... -o <patch.jar>",
            "       jlivepatch build --patch-classes <dir|jar> --name <name> [--old <jar|dir>] [--replace]",
            "                        [--state <id>:<version>]... -o <patch.jar>",
            "",
            "Compares every class of the old and the new version and writes a patch jar whose funcs replace",
            "each method whose code changed. Refuses, naming the class and member, what a running JVM cannot",
            "take (new fields, changed signatures, supertypes, static initialisers, enum constants,",
            "constructors, new classes); then writes nothing and exits 1.",
            "",
            "  --old <jar|dir>          the compiled version the running application was built from",
            "  --new <jar|dir>          the fixed version",
            "  --name <name>            the patch name (Livepatch-Name)",
            "  --replace                an atomic replace patch (Livepatch-Replace: true)",
            "  --state <id>:<version>   a system state the patch declares (repeatable)",
            "  --patch-classes <dir>    package compiled hand-written @TargetClass/@Replace classes instead;",
            "                           with --old, each @Replace gets its target method's fingerprint",
            "  -o, --output <patch.jar> where to write the patch jar",
            "  -h, --help               this text");

    private BuildCommand() {}

    /** The usage text, for {@code jlivepatch build --help} and {@code jlivepatch help build}. */
    public static String usage() {
        return USAGE;
    }

    /** The parsed command line. */
    private record Options(Path old, Path now, Path patchClasses, String name, boolean replace,
                           List<SystemState> states, Path output) {}

    /** A command line that is not what {@link #USAGE} says. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after {@code build}
     * @param out where the summary goes
     * @param err where errors go
     * @return the exit code: 0 written, 1 refused or failed (no jar written), 2 usage
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            err.println("jlivepatch: build: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options == null) {
            out.println(USAGE);
            return 0;
        }
        try {
            return options.patchClasses() != null ? handWritten(options, out, err) : generated(options, out, err);
        } catch (IOException e) {
            err.println("jlivepatch: build '" + options.name() + "' failed: " + message(e));
            return 1;
        } catch (RuntimeException e) {
            // a class file ASM cannot read, or a bug: say so rather than die with a stack trace
            err.println("jlivepatch: build '" + options.name() + "' failed: " + e);
            return 1;
        }
    }

    private static int generated(Options options, PrintStream out, PrintStream err) throws IOException {
        long start = System.nanoTime();
        Program old = new Program("old", ClassFiles.read(options.old()));
        Program now = new Program("new", ClassFiles.read(options.now()));
        out.println("jlivepatch: building patch '" + options.name() + "': " + options.old() + " (" + old.names().size()
                + " classes) -> " + options.now() + " (" + now.names().size() + " classes)");
        NestedJars nested = NestedJars.compare(options.old(), options.now());
        if (nested.identical() > 0) {
            out.println("jlivepatch: '" + options.name() + "': " + nested.identical()
                    + " nested librar" + (nested.identical() == 1 ? "y" : "ies") + " identical in both versions: nothing to patch there");
        }
        for (String change : nested.changed()) {
            out.println("jlivepatch: '" + options.name() + "': note: " + change + ": library code is not patched"
                    + " (only the application's classes are); if the fix relies on it, build a patch from the"
                    + " library's two versions, or deploy");
        }
        PatchBuild.Result result = PatchBuild.run(old, now);
        Report report = result.report();
        report.print(out);
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.println("jlivepatch: '" + options.name() + "': " + report.totals() + " (" + millis + " ms)");
        if (report.isRefused()) {
            err.println("jlivepatch: '" + options.name() + "': refused: " + report.count(Report.Kind.REFUSED)
                    + " unsupported change(s); no patch written");
            return 1;
        }
        if (result.classes().isEmpty()) {
            err.println("jlivepatch: '" + options.name() + "': no changed methods: nothing to patch; no patch written");
            return 1;
        }
        return write(options, result.classes(), out, err);
    }

    private static int handWritten(Options options, PrintStream out, PrintStream err) throws IOException {
        Program old = options.old() == null ? null : new Program("old", ClassFiles.read(options.old()));
        HandWrittenPatch.Result result = HandWrittenPatch.pack(options.name(), options.replace(), options.states(),
                ClassFiles.read(options.patchClasses()), old);
        if (result.jar() == null) {
            result.refusals().forEach(r -> err.println("jlivepatch: '" + options.name() + "': refused: " + r));
            err.println("jlivepatch: '" + options.name() + "': no patch written");
            return 1;
        }
        Files.write(options.output(), result.jar());
        summary(options, result.patch(), result.jar(), out);
        return 0;
    }

    private static int write(Options options, Map<String, byte[]> classes, PrintStream out, PrintStream err)
            throws IOException {
        byte[] jar = PatchJarWriter.toBytes(options.name(), options.replace(), options.states(), classes);
        Patch patch;
        try {
            // the same reader the agent uses: a generator bug surfaces here, not in the target
            patch = PatchJarReader.read(options.output().toString(), jar);
        } catch (PatchFormatException e) {
            err.println("jlivepatch: '" + options.name() + "': the generated patch does not read back: " + e.getMessage());
            return 1;
        }
        Files.write(options.output(), jar);
        summary(options, patch, jar, out);
        return 0;
    }

    private static void summary(Options options, Patch patch, byte[] jar, PrintStream out) {
        int funcs = 0;
        for (PatchObject object : patch.objects()) {
            funcs += object.funcs().size();
        }
        out.println("jlivepatch: wrote " + options.output() + ": patch '" + patch.name() + "', " + patch.objects().size()
                + " object(s), " + funcs + " func(s), sha256 " + sha256(jar));
    }

    private static Options parse(String[] args) throws UsageException {
        Path old = null;
        Path now = null;
        Path patchClasses = null;
        Path output = null;
        String name = null;
        boolean replace = false;
        List<SystemState> states = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--replace" -> replace = true;
                case "--old" -> old = Path.of(value(args, ++i, arg));
                case "--new" -> now = Path.of(value(args, ++i, arg));
                case "--patch-classes" -> patchClasses = Path.of(value(args, ++i, arg));
                case "-o", "--output" -> output = Path.of(value(args, ++i, arg));
                case "--name" -> name = value(args, ++i, arg);
                case "--state" -> {
                    try {
                        states.add(SystemState.parse(value(args, ++i, arg)));
                    } catch (InvalidPatchException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (name == null) {
            throw new UsageException("missing --name <name>");
        }
        if (output == null) {
            throw new UsageException("missing -o <patch.jar>");
        }
        if (patchClasses == null && (old == null || now == null)) {
            throw new UsageException("missing " + (old == null ? "--old <jar|dir>" : "--new <jar|dir>")
                    + " (or --patch-classes <dir> for hand-written patch classes)");
        }
        if (patchClasses != null && now != null) {
            throw new UsageException("--patch-classes packages hand-written classes; it takes no --new");
        }
        try {
            new Patch(name, replace, states, List.of(), Map.of(), "");
        } catch (InvalidPatchException e) {
            throw new UsageException(e.getMessage());
        }
        return new Options(old, now, patchClasses, name, replace, List.copyOf(states), output);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
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
