package io.jlivepatch.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.agent.jvm.fixtures.Helper;
import io.jlivepatch.agent.jvm.fixtures.LambdaFix;
import io.jlivepatch.agent.jvm.fixtures.LambdaTarget;
import io.jlivepatch.core.model.MethodRef;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.model.Replacement;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The patch class loader: the patch's own classes first (even when the application has a class of
 * that name), everything else from the target's loader, and never a second copy of replacement
 * code.
 */
class PatchClassLoaderTest {

    private static byte[] classFile(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private final ClassLoader app = PatchClassLoaderTest.class.getClassLoader();

    private Patch patch() throws Exception {
        PatchFunc func = PatchFunc.of(new MethodRef("run", "(Ljava/lang/String;)Ljava/lang/String;"),
                new Replacement(LambdaFix.class.getName(), new MethodRef("run", "(Ljava/lang/String;)Ljava/lang/String;")));
        return new Patch("p", false, List.of(), List.of(new PatchObject(LambdaTarget.class.getName(), List.of(func))),
                Map.of(Helper.class.getName(), classFile(Helper.class), LambdaFix.class.getName(), classFile(LambdaFix.class)),
                "");
    }

    @Test
    void thePatchsClassesComeFromThePatchEvenIfTheParentHasThem() throws Exception {
        PatchClassLoader loader = new PatchClassLoader(patch(), app);
        Class<?> helper = loader.loadClass(Helper.class.getName());
        assertSame(loader, helper.getClassLoader());
        assertSame(loader, helper.getMethod("loader").invoke(null));
        assertSame(helper, loader.loadClass(Helper.class.getName()), "defined once");
    }

    @Test
    void everythingElseComesFromTheTargetsLoader() throws Exception {
        PatchClassLoader loader = new PatchClassLoader(patch(), app);
        assertSame(LambdaTarget.class, loader.loadClass(LambdaTarget.class.getName()));
        assertSame(String.class, loader.loadClass("java.lang.String"));
        assertEquals("jlivepatch:p", loader.getName());
    }

    @Test
    void replacementCodeIsNeverDefinedAgain() throws Exception {
        PatchClassLoader loader = new PatchClassLoader(patch(), app);
        ClassNotFoundException e = assertThrows(ClassNotFoundException.class,
                () -> loader.loadClass(LambdaFix.class.getName()));
        assertTrue(e.getMessage().contains("hidden nestmate of its target"), e.getMessage());
    }

    @Test
    void underTheBootstrapLoaderItSeesOnlyTheJdkAndThePatch() throws Exception {
        PatchClassLoader loader = new PatchClassLoader(patch(), null);
        assertSame(loader, loader.loadClass(Helper.class.getName()).getClassLoader());
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(LambdaTarget.class.getName()));
    }
}
