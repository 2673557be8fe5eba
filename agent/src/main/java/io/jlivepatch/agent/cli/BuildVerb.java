package io.jlivepatch.agent.cli;

import io.jlivepatch.agent.cli.Syntax.Exit;
import io.jlivepatch.build.BuildCommand;
import io.jlivepatch.build.BuildRequest;
import io.jlivepatch.build.Selector;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code build} verb: its grammar, and the {@link BuildRequest} it makes of a command line for
 * the build module ({@link BuildCommand}, which runs here, in the CLI's JVM). A new build option is
 * declared here: an {@link Option} constant, listed in {@link #SYNTAX}, read in {@link #request}.
 *
 * <p>Stateless and thread-safe.
 */
final class BuildVerb {

    static final Option<Path> OLD = Option.value("--old", "<jar|dir>", "a path", Path::of,
            "the compiled version the running application was built from");
    static final Option<Path> NEW = Option.value("--new", "<jar|dir>", "a path", Path::of,
            "the fixed version");
    static final Option<Path> PATCH_CLASSES = Option.value("--patch-classes", "<dir|jar>", "a path", Path::of,
            "package compiled hand-written @TargetClass/@Replace classes instead;\n"
                    + "with --old, each @Replace gets its target method's fingerprint");
    static final Option<String> NAME = Option.value("--name", "<name>",
            "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", BuildVerb::patchName,
            "the patch name (Livepatch-Name)");
    static final Option<Boolean> REPLACE = Option.flag("--replace",
            "an atomic replace patch (Livepatch-Replace: true)");
    static final Option<SystemState> STATE = Option.value("--state", "<id>:<version>",
            "<id>:<version>, such as 1:2", SystemState::parse,
            "a system state the patch declares (the kernel's klp_state)").repeatable();
    static final Option<Selector> ONLY = Option.value("--only", "<selector>",
            "<class>, <class>#<method> or <class>#<method>(<descriptor>), such as demo.Greeter#greet",
            Selector::parse, "build only these: <class>, <class>#<method> (every overload) or\n"
                    + "<class>#<method>(<descriptor>), with what they need carried; the rest is listed").repeatable();
    static final Option<Selector> EXCLUDE = Option.value("--exclude", "<selector>",
            "<class>, <class>#<method> or <class>#<method>(<descriptor>), such as demo.Greeter#greet",
            Selector::parse, "leave these out (the same selectors)").repeatable();
    static final Option<Path> OUTPUT = Option.value("--output", "<patch.jar>", "a path", Path::of,
            "where to write the patch jar").alias("-o");

    static final Syntax SYNTAX = Syntax.of("build", """
            Compares every class of the old and the new version and writes a patch jar whose funcs replace
            each method whose code changed (docs/build.md). Refuses, naming the class and member, what a
            running JVM cannot take (new fields, changed signatures, supertypes, static initialisers, enum
            constants, constructors, new classes); then writes nothing and exits 1. The second form
            packages hand-written patch classes. --only and --exclude build part of the difference, such as
            the fixed method of a release that also changes what a running JVM cannot take (a selector
            that names nothing is a usage error). Runs here, in the CLI's JVM: no process is involved.""")
            .options(OLD, NEW, PATCH_CLASSES, NAME, REPLACE, STATE, ONLY, EXCLUDE, OUTPUT)
            .form(OLD, NEW, NAME, OUTPUT)
            .form(PATCH_CLASSES, NAME, OUTPUT)
            .conflict(PATCH_CLASSES, NEW)
            .conflict(PATCH_CLASSES, ONLY)
            .conflict(PATCH_CLASSES, EXCLUDE)
            .exits(new Exit(0, "the patch jar is written"), new Exit(Failure.REFUSED, "refused or failed; no jar is written"),
                    Exit.USAGE);

    private BuildVerb() {}

    static int run(Cli cli, Args args) throws Failure {
        BuildRequest request;
        try {
            request = request(args);
        } catch (IllegalArgumentException e) {
            // what the grammar cannot see, such as a state declared twice
            throw SYNTAX.usageError(e.getMessage());
        }
        return BuildCommand.run(request, cli.terminal().out(), cli.terminal().err());
    }

    /** The request a parsed command line makes. */
    static BuildRequest request(Args args) {
        return new BuildRequest(args.value(NAME), args.value(OLD), args.value(NEW), args.value(PATCH_CLASSES),
                args.flag(REPLACE), args.values(STATE), args.value(OUTPUT), args.values(ONLY), args.values(EXCLUDE));
    }

    private static String patchName(String text) {
        // the model's own check, so the CLI and the patch jar reader agree on what a name is
        return new Patch(text, false, List.of(), List.of(), Map.of(), "").name();
    }
}
