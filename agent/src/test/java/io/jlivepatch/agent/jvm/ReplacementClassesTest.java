package io.jlivepatch.agent.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jlivepatch.agent.jvm.fixtures.LambdaFix;
import io.jlivepatch.agent.jvm.fixtures.LambdaTarget;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;

/**
 * Replacement classes as hidden nestmates: lambdas and method references in them work once their
 * call sites are re-pointed to {@code HiddenLambdas}; left to {@code LambdaMetafactory} they fail on
 * JDK 17 (newer JDKs, 25 for one, serve hidden classes themselves), which is why the rewrite exists.
 */
class ReplacementClassesTest {

    private static byte[] classFile(Class<?> type) throws Exception {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    private static Object run(byte[] bytes) throws Throwable {
        MethodHandles.Lookup host = MethodHandles.privateLookupIn(LambdaTarget.class, MethodHandles.lookup());
        MethodHandles.Lookup hidden = host.defineHiddenClass(bytes, true, MethodHandles.Lookup.ClassOption.NESTMATE);
        return hidden.findStatic(hidden.lookupClass(), "run", MethodType.methodType(String.class, String.class))
                .invoke("p-");
    }

    @Test
    void lambdasAndMethodReferencesWorkInTheHiddenReplacement() throws Throwable {
        byte[] renamed = ReplacementClasses.renameInto(classFile(LambdaFix.class), LambdaFix.class.getName(),
                LambdaTarget.class);
        assertEquals("constant p-x 5 42 [A, B]", run(renamed));
    }

    @Test
    void withoutTheRewriteJdk17CannotMakeThem() throws Exception {
        assumeTrue(Runtime.version().feature() == 17, "the JDK 17 behaviour the rewrite works around");
        byte[] plain = classFile(LambdaFix.class);
        assertThrows(NoClassDefFoundError.class, () -> run(plain));
    }
}
