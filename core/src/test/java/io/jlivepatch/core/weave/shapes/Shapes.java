package io.jlivepatch.core.weave.shapes;

/** Methods of a plain class, one per shape the trampoline supports. Each returns something observable. */
public class Shapes {

    private final String name;

    public Shapes(String name) {
        this.name = name;
    }

    public String greet(String who) {
        return name + " greets " + who;
    }

    public static int twice(int x) {
        return 2 * x;
    }

    private String secret(int x) {
        return name + "#" + x;
    }

    public final int fin(int x) {
        return x + 1;
    }

    /** Reports whether the monitor is held, to show the redirect runs inside it as the body does. */
    public synchronized String locked(String tag) {
        return tag + " holds=" + Thread.holdsLock(this);
    }

    public static String join(String separator, Object... parts) {
        StringBuilder joined = new StringBuilder();
        for (Object part : parts) {
            joined.append(joined.length() == 0 ? "" : separator).append(part);
        }
        return joined.toString();
    }

    /** Two-slot arguments between one-slot ones: a slot mistake shows as a wrong value. */
    public static String mix(int a, long b, double c, int d) {
        return "sum " + (a + b + c + d);
    }

    public double wide(long a, double b, long c) {
        return a + b + c;
    }

    public void store(int[] box, int value) {
        box[0] = value;
    }

    public static boolean even(int x) {
        return x % 2 == 0;
    }

    public static float half(float x) {
        return x / 2;
    }

    public static double average(double a, double b) {
        return (a + b) / 2;
    }

    public static int[] range(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        return values;
    }

    public static char pick(byte b, short s, char c, boolean z) {
        return z ? c : (char) (b + s);
    }

    /**
     * Original stack depth 1, but a long result: the prologue's stack need (2, for the result)
     * exceeds both the body's and the arguments'.
     */
    public static long unsupported(RuntimeException reason) {
        throw reason;
    }

    /** Exception handlers in the original body; {@code log[0]} counts the finally block's runs. */
    public static String parse(String text, int[] log) {
        try {
            return "int " + Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return "bad " + text;
        } finally {
            log[0]++;
        }
    }

    /** A loop header as the first statement: javac puts a stack map frame at offset 0. */
    public static int spin(int n) {
        while (true) {
            if (n > 100) {
                return n;
            }
            n = n * 2 + 1;
        }
    }

    /** Throws from a known line of the original body. */
    public static int check(int x) {
        if (x < 0) {
            throw new IllegalArgumentException("negative: " + x);
        }
        return x;
    }

    @Override
    public String toString() {
        return name;
    }
}
