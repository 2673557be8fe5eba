package io.jlivepatch.benchmarks.shadow;

import io.jlivepatch.api.Shadow;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 7's shadow variable cost: reading the "added field" of an object three ways, over 1024
 * objects in turn (so that nothing is hoisted or stays in one cache line).
 *
 * <ul>
 *   <li>{@code field}: a plain field read, what the data would cost if the class had the field;</li>
 *   <li>{@code shadowGet}: {@code Shadow.get(obj, id)} on a hit;</li>
 *   <li>{@code synchronizedWeakHashMap}: the usual hand-made alternative,
 *       {@code Collections.synchronizedMap(new WeakHashMap<>())}, on a hit.</li>
 * </ul>
 * Report them as ratios to {@code field}. Measured on JDK 17 (three runs on a shared, loaded
 * 2-core machine): {@code field} 1.1–1.9 ns, {@code shadowGet} 6.5–12 ns (about 6x),
 * {@code synchronizedWeakHashMap} 8–14 ns ({@code shadowGet} about 0.8x of it), no allocation in
 * any. Run it with the agent, which puts {@code Shadow} on the boot class path:
 * {@code java -javaagent:agent/target/jlivepatch-agent.jar -jar benchmarks/target/jlivepatch-benchmarks.jar ShadowBenchmark}
 * (or {@code -cp} this module's classes, JMH and the runtime's classes).
 *
 * <p>Thread-safety: JMH runs one benchmark thread per fork; the state is read-only after setup.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class ShadowBenchmark {

    private static final long ID = 0x5EED;
    private static final int OBJECTS = 1024;

    /** An object whose class has the field, for the baseline. */
    public static final class WithField {
        Object added = new Object();
    }

    /** The objects, their shadow variables and map entries; set up once per fork. */
    @State(Scope.Thread)
    public static class Objects {
        final WithField[] objects = new WithField[OBJECTS];
        final Map<Object, Object> map = Collections.synchronizedMap(new WeakHashMap<>());
        int next;

        @Setup(Level.Trial)
        public void setup() {
            for (int i = 0; i < OBJECTS; i++) {
                WithField obj = new WithField();
                objects[i] = obj;
                Shadow.alloc(obj, ID, o -> new Object());
                map.put(obj, new Object());
            }
        }

        WithField next() {
            next = (next + 1) & (OBJECTS - 1);
            return objects[next];
        }
    }

    @Benchmark
    public Object field(Objects state) {
        return state.next().added;
    }

    @Benchmark
    public Object shadowGet(Objects state) {
        return Shadow.get(state.next(), ID);
    }

    @Benchmark
    public Object synchronizedWeakHashMap(Objects state) {
        return state.map.get(state.next());
    }
}
