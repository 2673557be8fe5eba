/**
 * jlivepatch's MBeans in the platform MBeanServer (registration only, no connector):
 * {@code io.jlivepatch:type=Livepatch} and {@code io.jlivepatch:type=Patch,name=<name>}, MXBeans
 * whose attributes are open data, so JConsole and Mission Control show them without our classes. They
 * render the {@link io.jlivepatch.agent.control.StatusDocument} the agent last published.
 *
 * <p>May import {@code java.management}, {@code io.jlivepatch.agent.control} and core's
 * {@code registry}. Loaded only when the JVM has {@code java.management}.
 */
package io.jlivepatch.agent.control.jmx;
