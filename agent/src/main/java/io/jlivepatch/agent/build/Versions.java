package io.jlivepatch.agent.build;

import org.objectweb.asm.commons.Remapper;

/**
 * The two versions a build compares, how their classes correspond, and how each is named for
 * comparison.
 *
 * <p>Not thread-safe (the namings and programs cache); one per build.
 *
 * @param old the version the running application was built from
 * @param now the fixed version
 * @param correspondence which new class is which old class
 * @param oldNaming names for the old version's normal forms
 * @param newNaming names for the new version's, with classes mapped to their old names
 */
record Versions(Program old, Program now, Correspondence correspondence, ContentNaming oldNaming,
                ContentNaming newNaming) {

    static Versions of(Program old, Program now) {
        Correspondence correspondence = new Correspondence(old, now);
        return new Versions(old, now, correspondence, new ContentNaming(old, name -> name),
                new ContentNaming(now, correspondence::oldName));
    }

    /** Renames the new version's classes to the names the running application knows them by. */
    Remapper toOldNames(java.util.function.Consumer<String> unknown) {
        return new Remapper() {
            @Override
            public String map(String internalName) {
                String mapped = correspondence.oldName(internalName);
                if (Correspondence.isUnmatched(mapped)
                        || (now.contains(internalName) && !old.contains(mapped) && !now.isSwitchMap(internalName))) {
                    unknown.accept(internalName);
                    return internalName;
                }
                return mapped;
            }
        };
    }
}
