/**
 * Signed patches: the {@code trust=<file>} agent option. A {@link io.jlivepatch.agent.trust.TrustStore}
 * read at startup decides, for every patch jar the agent is asked to load (startup directory,
 * watched directory, CLI, JMX), whether it is signed, entry by entry, by a certificate the
 * operator trusts; {@link io.jlivepatch.agent.trust.JarSignatures} asks the JDK's own jar
 * verification which entries are signed and by whom.
 */
package io.jlivepatch.agent.trust;
