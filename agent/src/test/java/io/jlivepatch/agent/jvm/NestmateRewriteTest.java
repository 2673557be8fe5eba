package io.jlivepatch.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jlivepatch.agent.jvm.fixtures.LambdaFix;
import io.jlivepatch.agent.jvm.fixtures.LambdaTarget;
import io.jlivepatch.runtime.Lambdas;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Replacement classes as hidden nestmates: every lambda and method reference in them is re-pointed
 * to {@link Lambdas}, the one lambda bootstrap of replacement code, which makes a proxy for a body in
 * the hidden class and hands the JDK's metafactory everything else; left to {@code LambdaMetafactory}
 * they fail on JDK 17 (newer JDKs, 25 for one, serve hidden classes themselves), which is why the
 * rewrite exists.
 */
class NestmateRewriteTest {

    private static byte[] classFile(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static MethodHandles.Lookup define(byte[] bytes) throws Exception {
        MethodHandles.Lookup host = MethodHandles.privateLookupIn(LambdaTarget.class, MethodHandles.lookup());
        return host.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
    }

    private static Object run(byte[] bytes) throws Throwable {
        MethodHandles.Lookup hidden = define(bytes);
        return hidden.findStatic(hidden.lookupClass(), "run", MethodType.methodType(String.class, String.class))
                .invoke("p-");
    }

    private static byte[] renamed() throws Exception {
        return NestmateRewrite.renameInto(classFile(LambdaFix.class), LambdaFix.class.getName(), LambdaTarget.class);
    }

    @Test
    void lambdasAndMethodReferencesWorkInTheHiddenReplacement() throws Throwable {
        assertEquals("constant p-x 5 42 [A, B]", run(renamed()));
    }

    @Test
    void everyLambdaSiteIsRepointedToTheOneBootstrap() throws Exception {
        List<String> owners = new ArrayList<>();
        new ClassReader(renamed()).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String n, String d, Handle bootstrap, Object... args) {
                        owners.add(bootstrap.getOwner() + "." + bootstrap.getName());
                    }
                };
            }
        }, 0);
        assertFalse(owners.isEmpty());
        for (String owner : owners) {
            assertTrue(owner.startsWith(Lambdas.INTERNAL_NAME + ".") || owner.startsWith("java/lang/invoke/StringConcatFactory"),
                    owners.toString());
        }
        assertTrue(owners.contains(Lambdas.INTERNAL_NAME + ".altMetafactory"), "the serializable lambda: " + owners);
    }

    @Test
    @SuppressWarnings("unchecked")
    void ownBodiesBecomeProxiesAndTheRestTheJdksLambdas() throws Throwable {
        MethodHandles.Lookup hidden = define(renamed());
        var functions = hidden.findStatic(hidden.lookupClass(), "functions",
                MethodType.methodType(Object[].class, String.class));
        Object[] first = (Object[]) functions.invoke("p-");
        Object[] second = (Object[]) functions.invoke("q-");

        Supplier<String> constant = (Supplier<String>) first[0];
        assertTrue(Proxy.isProxyClass(constant.getClass()), "a body in the hidden class: " + constant.getClass());
        assertEquals("constant", constant.get());
        assertSame(constant, second[0], "non-capturing: one instance per call site, as the JDK does");

        Function<String, String> capturing = (Function<String, String>) first[1];
        assertTrue(Proxy.isProxyClass(capturing.getClass()));
        assertEquals("p-x", capturing.apply("x"));
        assertEquals("q-x", ((Function<String, String>) second[1]).apply("x"));
        assertNotSame(capturing, second[1]);

        BiFunction<Integer, Integer, Integer> sum = (BiFunction<Integer, Integer, Integer>) first[2];
        assertFalse(Proxy.isProxyClass(sum.getClass()), "Integer::sum goes to the metafactory: " + sum.getClass());
        assertEquals(5, sum.apply(2, 3));

        assertEquals("p-", ((Supplier<String>) first[3]).get(), "a serializable lambda works (it cannot be serialized)");
    }

    @Test
    void withoutTheRewriteJdk17CannotMakeThem() throws Exception {
        assumeTrue(Runtime.version().feature() == 17, "the JDK 17 behaviour the rewrite works around");
        byte[] plain = classFile(LambdaFix.class);
        assertThrows(NoClassDefFoundError.class, () -> run(plain));
    }
}
