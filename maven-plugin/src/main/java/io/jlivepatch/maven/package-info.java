/**
 * The jlivepatch Maven plugin: goal {@code build} ({@link io.jlivepatch.maven.BuildMojo}) makes a
 * live patch of a module against a released baseline, with the build module's
 * {@code BuildCommand}, and attaches it to the build.
 */
package io.jlivepatch.maven;
