package io.jlivepatch.agent.watch;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The watch's memory and its decisions: which content of which file it loaded, which contents
 * failed, which patches it still has to disable; and, from what the directory holds and which
 * patches are active, the next operation. Pure: no I/O, no clock, no threads, so every rule below
 * is unit-tested on its own.
 *
 * <ul>
 *   <li>Removals first, then additions and changes in file-name order (the startup order).</li>
 *   <li>A jar's content is loaded once. If its patch goes later (replaced by a cumulative patch,
 *       or disabled with the CLI), it is not loaded again until the content changes or the file
 *       is removed and added back: re-enabling it would undo the replace.</li>
 *   <li>A content that fails to load is not tried again until it changes (or is removed and
 *       added back), so a corrupt jar is refused, audited and logged once, not every poll.</li>
 *   <li>A removed jar's patch is disabled only if the active patch of that name is the one loaded
 *       from it (same SHA-256): a patch replaced by a cumulative one is already gone, which is
 *       fine, and a patch of the same name loaded since by other means is not the watch's.</li>
 *   <li>A changed jar is loaded <em>before</em> the patch of its old content is disabled, so a
 *       cumulative patch replaces it atomically and a stacked one never leaves a window with
 *       neither. If the new content has the old one's patch name, the engine cannot hold both:
 *       the old patch is disabled first, and the new content loaded by the next step.</li>
 *   <li>A content that fails to load leaves the patch of the file's previous content in place.</li>
 *   <li>A file renamed with the same content changes nothing.</li>
 * </ul>
 *
 * <p>Thread-safety: not thread-safe; confined to one poll at a time (see {@link DirectoryWatch}).
 */
final class WatchState {

    /** A patch the watch loaded: its name and the SHA-256 of the content it came from. */
    private record Loaded(String name, String sha256) {
    }

    /** By file name: the content loaded from it, while the file still holds it or a newer one is being loaded. */
    private final Map<String, Loaded> loaded = new HashMap<>();
    /** By file name: the SHA-256 of a content that failed to load. */
    private final Map<String, String> failed = new HashMap<>();
    /** Patches loaded from contents no longer in the directory, with their file, oldest first: to disable. */
    private final Map<Loaded, String> retired = new LinkedHashMap<>();

    /**
     * The next operation, or {@code null} if the process matches the directory as far as the watch
     * can make it.
     *
     * @param jars the directory's jars by file name, as just scanned
     * @param active the active patches: name to the SHA-256 of the jar each was loaded from
     */
    Step next(SortedMap<String, JarContent> jars, Map<String, String> active) {
        forgetRemoved(jars);
        for (Iterator<Map.Entry<Loaded, String>> it = retired.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Loaded, String> entry = it.next();
            Loaded patch = entry.getKey();
            if (patch.sha256().equals(active.get(patch.name()))) {
                return new Step.Disable(patch.name(), patch.sha256(), entry.getValue(), false);
            }
            it.remove(); // already gone: replaced by a cumulative patch, or disabled by other means
        }
        for (Map.Entry<String, JarContent> entry : jars.entrySet()) {
            String file = entry.getKey();
            JarContent content = entry.getValue();
            Loaded before = loaded.get(file);
            if (before != null && before.sha256().equals(content.sha256())
                    || content.sha256().equals(failed.get(file))) {
                continue;
            }
            if (before != null && before.name().equals(content.patchName())
                    && before.sha256().equals(active.get(before.name()))) {
                // Same patch name, new content: the engine refuses a second patch of one name.
                loaded.remove(file);
                retired.put(before, file);
                return new Step.Disable(before.name(), before.sha256(), file, true);
            }
            return new Step.Load(file, content, before != null || failed.containsKey(file));
        }
        return null;
    }

    /** {@code step} was carried out: the jar's content is now patch {@code name}, read with SHA-256 {@code sha256}. */
    void loaded(Step.Load step, String name, String sha256) {
        Loaded now = new Loaded(name, sha256);
        Loaded before = loaded.put(step.file(), now);
        failed.remove(step.file());
        retired.remove(now);
        if (before != null && !before.equals(now)) {
            retired.putIfAbsent(before, step.file());
        }
    }

    /** {@code step} was refused (not busy): its content is not tried again until it changes. */
    void loadRefused(Step.Load step) {
        failed.put(step.file(), step.content().sha256());
    }

    /** {@code step} was carried out, or refused for a reason that trying again would not change. */
    void disableFinished(Step.Disable step) {
        retired.remove(new Loaded(step.name(), step.sha256()));
    }

    private void forgetRemoved(SortedMap<String, JarContent> jars) {
        failed.keySet().retainAll(jars.keySet());
        for (String file : new TreeSet<>(loaded.keySet())) {
            if (jars.containsKey(file)) {
                continue;
            }
            Loaded gone = loaded.remove(file);
            String renamed = renamedTo(gone, jars);
            if (renamed != null) {
                loaded.put(renamed, gone);
            } else {
                retired.put(gone, file);
            }
        }
    }

    /** A file not loaded from that holds the content {@code gone} came from, or {@code null}. */
    private String renamedTo(Loaded gone, SortedMap<String, JarContent> jars) {
        for (Map.Entry<String, JarContent> entry : jars.entrySet()) {
            if (!loaded.containsKey(entry.getKey()) && entry.getValue().sha256().equals(gone.sha256())) {
                return entry.getKey();
            }
        }
        return null;
    }
}
