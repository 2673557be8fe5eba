package io.jlivepatch.core.weave;

import java.util.Arrays;

/**
 * Replacement bodies for the shapes, one per shape, found by name. Instance shapes take the
 * receiver first, typed {@code Object}: the woven class lives in another loader, and the call
 * site's {@code asType} widens it. Each result combines the receiver and every argument, so a
 * receiver or slot mix-up shows as a wrong value.
 */
public final class Replacements {

    private Replacements() {}

    public static String greet(Object self, String who) {
        return "patched " + self + "/" + who;
    }

    public static int twice(int x) {
        return x + 1000;
    }

    public static String secret(Object self, int x) {
        return "patched secret " + self + " " + x;
    }

    public static int fin(Object self, int x) {
        return -x;
    }

    public static String locked(Object self, String tag) {
        return "patched " + tag + " holds=" + Thread.holdsLock(self);
    }

    public static String join(String separator, Object[] parts) {
        return "patched " + parts.length + separator + Arrays.toString(parts);
    }

    public static String mix(int a, long b, double c, int d) {
        return "a=" + a + " b=" + b + " c=" + c + " d=" + d;
    }

    public static double wide(Object self, long a, double b, long c) {
        return a * 1_000_000.0 + b * 1_000.0 + c;
    }

    public static void store(Object self, int[] box, int value) {
        box[0] = -value;
    }

    public static boolean even(int x) {
        return x % 2 != 0;
    }

    public static float half(float x) {
        return x * 10;
    }

    public static double average(double a, double b) {
        return a - b;
    }

    public static int[] range(int n) {
        return new int[] {n, n};
    }

    public static char pick(byte b, short s, char c, boolean z) {
        return z ? (char) (c + b + s) : '!';
    }

    public static long unsupported(RuntimeException reason) {
        return reason.getMessage().length();
    }

    public static String parse(String text, int[] log) {
        log[0] += 100;
        return "patched " + text;
    }

    public static int spin(int n) {
        return -n;
    }

    public static String hello(Object self, String who) {
        return "patched hello " + self + "/" + who;
    }

    public static int size(String text) {
        return -text.length();
    }

    public static String decorate(Object self, String text) {
        return "[" + self + ":" + text + "]";
    }

    /** Returns the receiver: the enum constant stays the woven class's own. */
    public static Object flip(Object self) {
        return self;
    }

    public static Object parseLevel(String text) {
        return null;
    }

    public static int x(Object self) {
        return self.toString().length();
    }

    public static Object scale(Object self, int k) {
        return self;
    }

    public static String pointToString(Object self) {
        return "patched point";
    }
}
