package io.jlivepatch.core.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.SystemState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The accepted spellings of the Livepatch- attributes, in manifests written by hand. */
class PatchManifestTest {

    @Test
    void replaceIsFalseUnlessSaid() throws Exception {
        assertEquals(false, read("Livepatch-Name: fix").replace());
        assertEquals(false, read("Livepatch-Name: fix", "Livepatch-Replace: false").replace());
        assertEquals(true, read("Livepatch-Name: fix", "Livepatch-Replace: true").replace());
        assertEquals(true, read("Livepatch-Name: fix", "Livepatch-Replace: TRUE ").replace());
    }

    @Test
    void statesAreACommaSeparatedList() throws Exception {
        assertEquals(List.of(new SystemState(1, 1), new SystemState(7, 2)),
                read("Livepatch-Name: fix", "Livepatch-States: 1:1, 7:2").states());
        assertEquals(List.of(new SystemState(3, 0)), read("Livepatch-Name: fix", "Livepatch-States: 3:0 ").states());
        assertEquals(List.of(), read("Livepatch-Name: fix", "Livepatch-States:  ").states());
        assertEquals(List.of(), read("Livepatch-Name: fix").states());
    }

    @Test
    void attributeNamesAndTheManifestPathIgnoreCase() throws Exception {
        byte[] jar = TestJars.zip(Map.of("meta-inf/manifest.mf",
                TestJars.manifest("livepatch-name: fix-lower", "LIVEPATCH-REPLACE: true")));

        Patch patch = PatchJarReader.read("fix.jar", jar);

        assertEquals("fix-lower", patch.name());
        assertEquals(true, patch.replace());
    }

    @Test
    void nameIsTrimmed() throws Exception {
        assertEquals("fix", read("Livepatch-Name: fix  ").name());
    }

    private static Patch read(String... manifestLines) throws Exception {
        return PatchJarReader.read("fix.jar", TestJars.zip(List.of(manifestLines), Map.of()));
    }
}
