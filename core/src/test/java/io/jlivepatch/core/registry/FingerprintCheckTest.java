package io.jlivepatch.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jlivepatch.core.funcstack.MethodKey;
import io.jlivepatch.core.model.Patch;
import io.jlivepatch.core.model.PatchFunc;
import io.jlivepatch.core.model.PatchObject;
import io.jlivepatch.core.weave.Fingerprints;
import io.jlivepatch.core.weave.WeaveDecision;
import io.jlivepatch.core.weave.WeavePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Verification against the running code (architecture §6): a patch whose fingerprints do not match
 * a loaded copy's original bytes is refused whole, naming the patch and method, and nothing
 * changes; already woven classes are checked too; a copy that loads later and does not fit an
 * active patch is left unpatched.
 */
class FingerprintCheckTest {

    /** demo.Greeter with f1..f4 ()V; {@code variant} adds a {@code nop} to f1. */
    private static byte[] greeter(boolean variant) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "demo/Greeter", null, "java/lang/Object", null);
        for (String name : List.of("f1", "f2", "f3", "f4")) {
            MethodVisitor mv = writer.visitMethod(Opcodes.ACC_PUBLIC, name, "()V", null, null);
            mv.visitCode();
            if (variant && name.equals("f1")) {
                mv.visitInsn(Opcodes.NOP);
            }
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** {@code patch} with every func fingerprinted as {@code classBytes} has it. */
    private static Patch fingerprinted(Patch patch, byte[] classBytes) {
        List<PatchObject> objects = new ArrayList<>();
        for (PatchObject object : patch.objects()) {
            List<PatchFunc> funcs = new ArrayList<>();
            for (PatchFunc func : object.funcs()) {
                String fingerprint = Fingerprints.of(classBytes).get(func.method());
                funcs.add(PatchFunc.of(func.method(), func.replacement(), fingerprint));
            }
            objects.add(new PatchObject(object.className(), funcs));
        }
        return patch.withObjects(objects);
    }

    private static World world(byte[] running) {
        World world = new World();
        world.redefiner.load(World.GREETER, running);
        return world;
    }

    @Test
    void aMatchingPatchEnables() {
        World world = world(greeter(false));
        world.livepatch.enable(fingerprinted(World.patch("fix-7", World.F1), greeter(false)));
        assertEquals(Set.of(World.F1.method()), world.redefiner.carried(World.GREETER));
        assertEquals(List.of("fix-7@1: demo.Greeter[f1]"), world.listing());
    }

    @Test
    void aMismatchRefusesTheWholePatchNamingItAndChangesNothing() {
        World world = world(greeter(false));
        Patch built = fingerprinted(World.patch("fix-7", World.F1, World.F2, World.X), greeter(true));
        LivepatchException e = assertThrows(LivepatchException.class, () -> world.livepatch.enable(built));
        assertEquals("patch 'fix-7' was built against a different demo.Greeter.f1()V", e.getMessage());
        assertFalse(e.isBusy());
        assertTrue(world.livepatch.patches().isEmpty());
        assertEquals(Set.of(), world.woven(World.GREETER));
        assertEquals(Set.of(), world.woven(World.OTHER));
        assertEquals(Set.of(), world.redefiner.carried(World.GREETER));
        assertTrue(world.transcript.lines().contains(
                "jlivepatch: patch 'fix-7' was built against a different demo.Greeter.f1()V"), world.transcript.lines().toString());
    }

    @Test
    void anAlreadyWovenClassIsCheckedInTheSameRetransformation() {
        World world = world(greeter(false));
        world.livepatch.enable(World.patch("first", World.F1));
        int before = world.redefiner.calls().size();
        Patch second = fingerprinted(World.patch("second", World.F1), greeter(true));
        LivepatchException e = assertThrows(LivepatchException.class, () -> world.livepatch.enable(second));
        assertEquals("patch 'second' was built against a different demo.Greeter.f1()V", e.getMessage());
        // the check needed a retransformation although no trampoline was added
        assertTrue(world.redefiner.calls().subList(before, world.redefiner.calls().size()).stream()
                .anyMatch(call -> call.containsKey(World.GREETER)), world.redefiner.calls().toString());
        assertEquals(List.of("first@1: demo.Greeter[f1]"), world.listing());
        assertEquals(Set.of(World.F1.method()), world.redefiner.carried(World.GREETER));
    }

    @Test
    void aMethodTheLoadedClassLacksIsAMisfit() {
        World world = world(greeter(false));
        MethodKey gone = new MethodKey(World.GREETER, new io.jlivepatch.core.model.MethodRef("gone", "()V"));
        Patch patch = World.patch("fix-gone", gone);
        PatchObject object = patch.objects().get(0);
        PatchFunc func = object.funcs().get(0);
        Patch withPrint = patch.withObjects(List.of(new PatchObject(object.className(),
                List.of(PatchFunc.of(func.method(), func.replacement(), "0".repeat(64))))));
        LivepatchException e = assertThrows(LivepatchException.class, () -> world.livepatch.enable(withPrint));
        assertEquals("patch 'fix-gone' was built against a different demo.Greeter.gone()V (the loaded class does not"
                + " declare it)", e.getMessage());
    }

    @Test
    void aCopyLoadedLaterIsCheckedAgainstActivePatches() {
        World world = new World();
        Patch patch = fingerprinted(World.patch("fix-late", World.F1), greeter(false));
        world.livepatch.enable(patch);
        WeavePlan plan = world.livepatch.modules().weavePlan();
        assertTrue(plan.active().covers(World.GREETER));
        assertInstanceOf(WeaveDecision.Coming.class, plan.decide(World.GREETER, true, true, greeter(false)));
        assertEquals(new WeaveDecision.LoadsUnpatched("patch 'fix-late' was built against a different demo.Greeter.f1()V",
                true), plan.decide(World.GREETER, true, true, greeter(true)));
        assertFalse(plan.active().covers(World.OTHER));
    }

    @Test
    void unfingerprintedFuncsAreNotChecked() {
        World world = world(greeter(true));
        world.livepatch.enable(World.patch("plain", World.F1));
        assertFalse(world.livepatch.modules().weavePlan().active().covers(World.GREETER));
        assertEquals(Set.of(World.F1.method()), world.redefiner.carried(World.GREETER));
    }
}
