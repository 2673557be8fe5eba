/**
 * Test input for the weaver: ordinary Java classes, one per kind of owner (class, interface,
 * enum, record), whose compiled class files are woven by the tests and then loaded, woven, in a
 * child-first class loader. They refer to nothing outside java.base and themselves, so that a
 * woven copy runs in a loader of its own.
 */
package io.jlivepatch.core.weave.shapes;
