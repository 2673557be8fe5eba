package io.jlivepatch.maven;

import io.jlivepatch.build.BuildCommand;
import io.jlivepatch.build.BuildRequest;
import io.jlivepatch.build.Selector;
import io.jlivepatch.core.model.SystemState;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Goal {@code build}: makes a live patch of this module's fixed build against a released baseline
 * (as {@code jlivepatch build --old baseline --new classes} does) and attaches it to the build with
 * the classifier {@code livepatch}. A change a running JVM cannot take fails the build with the
 * refusal messages. Bound to {@code package} by default.
 *
 * <p>Maven makes one instance per execution and calls it once, so parallel builds of several modules
 * are safe; the instance itself is not thread-safe.
 */
@Mojo(name = "build", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class BuildMojo extends AbstractMojo {

    /** The classifier of the attached patch jar. */
    static final String CLASSIFIER = "livepatch";

    /**
     * The release the running application was built from: {@code groupId:artifactId:version}
     * (resolved from the project's repositories) or a jar or directory. Default: this module's own
     * coordinates with the version in {@code jlivepatch.baseline}.
     */
    @Parameter(property = "jlivepatch.baselineArtifact")
    private String baseline;

    /** The baseline version of this module, when {@code baseline} is not given. */
    @Parameter(property = "jlivepatch.baseline")
    private String baselineVersion;

    /** The fixed build: this module's classes (a directory) or a jar. */
    @Parameter(property = "jlivepatch.classes", defaultValue = "${project.build.outputDirectory}")
    private File classes;

    /** The patch name ({@code Livepatch-Name}). */
    @Parameter(property = "jlivepatch.name", defaultValue = "${project.artifactId}-${project.version}")
    private String name;

    /** An atomic replace patch ({@code Livepatch-Replace: true}). */
    @Parameter(property = "jlivepatch.replace", defaultValue = "false")
    private boolean replace;

    /** System states the patch declares, each {@code id:version}. */
    @Parameter
    private List<String> states = new ArrayList<>();

    /** Build only these: {@code class}, {@code class#method} or {@code class#method(descriptor)}. */
    @Parameter(property = "jlivepatch.only")
    private List<String> only = new ArrayList<>();

    /** Leave these out (the same selectors as {@code only}). */
    @Parameter(property = "jlivepatch.exclude")
    private List<String> exclude = new ArrayList<>();

    /** Where the patch jar goes. */
    @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}-livepatch.jar", required = true)
    private File output;

    /** Skips the goal. */
    @Parameter(property = "jlivepatch.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    private RepositorySystemSession session;

    @Parameter(defaultValue = "${project.remoteProjectRepositories}", readonly = true, required = true)
    private List<RemoteRepository> repositories;

    @Component
    private RepositorySystem repositorySystem;

    @Component
    private MavenProjectHelper projectHelper;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("jlivepatch: skipped");
            return;
        }
        BuildRequest request;
        try {
            request = new BuildRequest(name, baseline(), classes.toPath(), null, replace,
                    states.stream().map(SystemState::parse).toList(), output.toPath(),
                    only.stream().map(Selector::parse).toList(), exclude.stream().map(Selector::parse).toList());
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("jlivepatch: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(output.toPath().toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new MojoExecutionException("jlivepatch: cannot create " + output.getParent() + ": " + e, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BuildCommand.run(request, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        out.toString(StandardCharsets.UTF_8).lines().forEach(line -> getLog().info(line));
        List<String> errors = err.toString(StandardCharsets.UTF_8).lines().toList();
        if (exit != 0) {
            errors.forEach(line -> getLog().error(line));
            // the refusals are in the summary: repeat them in the failure, which is what Maven shows last
            List<String> refusals = out.toString(StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(": refused: ")).toList();
            List<String> message = new ArrayList<>(refusals);
            message.addAll(errors);
            throw new MojoFailureException("jlivepatch: no live patch of " + project.getArtifactId() + ":\n"
                    + String.join("\n", message));
        }
        projectHelper.attachArtifact(project, "jar", CLASSIFIER, output);
    }

    /** The baseline as a path: resolved coordinates, or the file given. */
    private Path baseline() throws MojoExecutionException {
        String coordinates = baseline;
        if (coordinates == null || coordinates.isBlank()) {
            if (baselineVersion == null || baselineVersion.isBlank()) {
                throw new MojoExecutionException("jlivepatch: no baseline: set the property jlivepatch.baseline to the"
                        + " released version the running application was built from, or configure <baseline> as"
                        + " groupId:artifactId:version or a file");
            }
            coordinates = project.getGroupId() + ":" + project.getArtifactId() + ":" + baselineVersion;
        }
        String[] parts = coordinates.split(":");
        if (parts.length != 3 || coordinates.contains("/") || coordinates.contains(File.separator)) {
            Path file = Path.of(coordinates);
            if (!file.isAbsolute()) {
                file = project.getBasedir().toPath().resolve(file);
            }
            if (!Files.exists(file)) {
                throw new MojoExecutionException("jlivepatch: baseline " + file + ": no such file (a jar or directory,"
                        + " or groupId:artifactId:version)");
            }
            return file;
        }
        ArtifactRequest request = new ArtifactRequest(new DefaultArtifact(parts[0], parts[1], "jar", parts[2]),
                repositories, null);
        try {
            File file = repositorySystem.resolveArtifact(session, request).getArtifact().getFile();
            getLog().info("jlivepatch: baseline " + coordinates + ": " + file);
            return file.toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoExecutionException("jlivepatch: cannot resolve the baseline " + coordinates + ": "
                    + e.getMessage(), e);
        }
    }
}
