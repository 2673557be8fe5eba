package io.jlivepatch.core.funcstack;

import java.util.Set;

/**
 * One look at the loaded classes (an adapter's snapshot of the loaded copies of some class names),
 * taken once per operation by {@code ClassRedefiner.look} and handed to every port that needs the
 * copies during that operation: the dispatch table (hidden replacement classes), the redefiner
 * (the retransformation) and the callback runner (the copies' loaders). A look costs milliseconds
 * with tens of thousands of classes; one per operation keeps enable, disable and status cheap.
 *
 * <p>The core only asks which names have a copy; what else a snapshot holds is the adapter's. A
 * snapshot is used by one operation and dropped, so it never keeps a class loader alive for long.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface LoadedCopies {

    /** The names (of those asked for) with at least one loaded copy. */
    Set<String> names();

    /** A snapshot with no copy at all. */
    LoadedCopies NONE = Set::of;
}
