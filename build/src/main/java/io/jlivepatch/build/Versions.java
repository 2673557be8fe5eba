package io.jlivepatch.build;

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

    /** What a class the new version adds is called in copied code: its name and this suffix. */
    static final String ADDED = "$$Added";

    /** Renames the new version's classes to the names the running application knows them by. */
    Remapper toOldNames(java.util.function.Consumer<String> unknown) {
        return new Remapper() {
            @Override
            public String map(String internalName) {
                if (isAdded(internalName)) {
                    unknown.accept(internalName);
                    return internalName;
                }
                return correspondence.oldName(internalName);
            }
        };
    }

    /**
     * Like {@link #toOldNames}, but a class the new version adds becomes {@code name + }{@value #ADDED},
     * a name no class of either version has, so that copied code can be searched for what it
     * still needs of it.
     */
    Remapper toOldNamesMarkingAdded() {
        return new Remapper() {
            @Override
            public String map(String internalName) {
                return isAdded(internalName) ? internalName + ADDED : correspondence.oldName(internalName);
            }
        };
    }

    /** Whether the new version's class {@code internalName} has no counterpart in the old one (switch maps aside). */
    boolean isAdded(String internalName) {
        String mapped = correspondence.oldName(internalName);
        return Correspondence.isUnmatched(mapped)
                || (now.contains(internalName) && !old.contains(mapped) && !now.isSwitchMap(internalName));
    }
}
