/**
 * Callbacks classes compiled as test sources, right and wrong ways of declaring an object's
 * callbacks; the reader tests put their class files into jars and never load them as a patch.
 */
package io.jlivepatch.core.reader.callbacks;
