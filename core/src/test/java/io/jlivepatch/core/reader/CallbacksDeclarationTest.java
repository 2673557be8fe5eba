package io.jlivepatch.core.reader;

import static io.jlivepatch.core.reader.TestJars.FIXTURES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.reader.callbacks.AbstractCallbacks;
import io.jlivepatch.core.reader.callbacks.Base;
import io.jlivepatch.core.reader.callbacks.CounterCallbacks;
import io.jlivepatch.core.reader.callbacks.GreeterCallbacks;
import io.jlivepatch.core.reader.callbacks.HiddenConstructorCallbacks;
import io.jlivepatch.core.reader.callbacks.ReplacingCallbacks;
import io.jlivepatch.core.reader.callbacks.SecondGreeterCallbacks;
import io.jlivepatch.core.reader.fixtures.GreeterFix;
import io.jlivepatch.core.reader.fixtures.TargetOnly;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading object callbacks from a patch jar: a {@code @TargetClass} class implementing
 * {@code ObjectCallbacks} (directly or through a superclass in the jar) becomes the callbacks of its
 * target's object, with or without funcs; the ways to get it wrong are refused, naming the class.
 */
class CallbacksDeclarationTest {

    private static final String CALLBACKS = "io.jlivepatch.core.reader.callbacks.";

    @TempDir
    Path dir;

    @Test
    void callbacksJoinTheObjectOfTheirTargetsFuncs() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, GreeterFix.class, GreeterCallbacks.class));
        PatchObject greeter = patch.object(FIXTURES + "Greeter");
        assertEquals(CALLBACKS + "GreeterCallbacks", greeter.callbacks());
        assertEquals(PatchJarReader.read(TestJars.patchJar(dir, GreeterFix.class)).object(FIXTURES + "Greeter").funcs(),
                greeter.funcs(), "the same funcs as without callbacks");
        assertEquals(1, patch.objects().size());
    }

    @Test
    void aTargetWithCallbacksAndNoFuncsIsAnObject() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, Base.class, CounterCallbacks.class));
        assertEquals(List.of(new PatchObject(FIXTURES + "Counter", List.of(), false, CALLBACKS + "CounterCallbacks")),
                patch.objects(), "through a superclass in the jar");
        assertTrue(patch.classes().containsKey(CALLBACKS + "Base"));
    }

    @Test
    void objectsKeepTheOrderInWhichTheirTargetsAreFirstNamed() throws Exception {
        // Entries in name order: callbacks/CounterCallbacks, callbacks/GreeterCallbacks, fixtures/GreeterFix.
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, GreeterFix.class, GreeterCallbacks.class,
                CounterCallbacks.class, Base.class));
        assertEquals(List.of(FIXTURES + "Counter", FIXTURES + "Greeter"),
                patch.objects().stream().map(PatchObject::className).toList());
    }

    @Test
    void aTargetClassThatIsNeitherReplacementNorCallbacksStillMakesNoObject() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, TargetOnly.class));
        assertEquals(List.of(), patch.objects());
    }

    @Test
    void aBaseClassWithoutTargetIsOnlyAHelper() throws Exception {
        Patch patch = PatchJarReader.read(TestJars.patchJar(dir, GreeterFix.class, Base.class));
        assertNull(patch.object(FIXTURES + "Greeter").callbacks());
    }

    @Test
    void refusals() {
        assertRefused("has a callbacks class " + CALLBACKS + "AbstractCallbacks that is abstract",
                AbstractCallbacks.class);
        assertRefused("has a callbacks class " + CALLBACKS + "HiddenConstructorCallbacks that has no public "
                + "constructor without parameters", HiddenConstructorCallbacks.class);
        assertRefused("has two callbacks classes for " + FIXTURES + "Greeter: " + CALLBACKS + "GreeterCallbacks and "
                + CALLBACKS + "SecondGreeterCallbacks", GreeterCallbacks.class, SecondGreeterCallbacks.class);
        assertRefused("has a class " + CALLBACKS + "ReplacingCallbacks with @Replace methods that also implements "
                + "ObjectCallbacks", ReplacingCallbacks.class);
    }

    private void assertRefused(String expected, Class<?>... classes) {
        PatchFormatException e = assertThrows(PatchFormatException.class,
                () -> PatchJarReader.read(TestJars.patchJar(dir, classes)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
