/**
 * jlivepatch's JFR events ({@code io.jlivepatch.Enable}, {@code .Disable}, {@code .Force},
 * {@code .TransitionStart}, {@code .Transition}), so patch operations appear in Mission Control
 * recordings.
 *
 * <p>May import {@code jdk.jfr}, {@code io.jlivepatch.agent.control} and core's {@code event}.
 * Loaded only when the JVM has {@code jdk.jfr}.
 */
package io.jlivepatch.agent.control.jfr;
