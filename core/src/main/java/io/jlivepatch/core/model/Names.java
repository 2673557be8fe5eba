package io.jlivepatch.core.model;

import java.util.regex.Pattern;

/** Syntax checks for the names the model carries; each failure names what it checked. */
final class Names {

    private static final Pattern PATCH_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern IDENTIFIER = Pattern.compile("[^.;\\[/<>]+");
    private static final Pattern BINARY_CLASS_NAME = Pattern.compile("[^.;\\[/<>]+(\\.[^.;\\[/<>]+)*");

    private Names() {}

    static String requirePatchName(String name) {
        if (name == null || !PATCH_NAME.matcher(name).matches()) {
            throw new InvalidPatchException("invalid patch name '" + name
                    + "': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    static String requireClassName(String name) {
        if (name == null || !BINARY_CLASS_NAME.matcher(name).matches()) {
            throw new InvalidPatchException("invalid class name '" + name
                    + "': expected a binary name with dots, such as com.example.Greeter");
        }
        return name;
    }

    static String requireMethodName(String name) {
        if (name == null || !(IDENTIFIER.matcher(name).matches() || name.equals("<init>") || name.equals("<clinit>"))) {
            throw new InvalidPatchException("invalid method name '" + name + "'");
        }
        return name;
    }

    /** Checks a JVM method descriptor such as {@code (ILjava/lang/String;)V}. */
    static String requireMethodDescriptor(String descriptor) {
        if (descriptor == null || descriptor.isEmpty() || descriptor.charAt(0) != '(') {
            throw malformed(descriptor);
        }
        int i = 1;
        while (i < descriptor.length() && descriptor.charAt(i) != ')') {
            i = fieldTypeEnd(descriptor, i);
        }
        if (i >= descriptor.length()) {
            throw malformed(descriptor);
        }
        i++;
        if (i < descriptor.length() && descriptor.charAt(i) == 'V') {
            i++;
        } else {
            i = fieldTypeEnd(descriptor, i);
        }
        if (i != descriptor.length()) {
            throw malformed(descriptor);
        }
        return descriptor;
    }

    private static int fieldTypeEnd(String d, int i) {
        int start = i;
        while (i < d.length() && d.charAt(i) == '[') {
            i++;
        }
        if (i - start > 255 || i >= d.length()) {
            throw malformed(d);
        }
        char c = d.charAt(i);
        if ("ZBCSIJFD".indexOf(c) >= 0) {
            return i + 1;
        }
        if (c == 'L') {
            int end = d.indexOf(';', i);
            if (end < 0 || end == i + 1 || d.substring(i + 1, end).matches(".*[.\\[<>].*|.*//.*|^/.*|.*/$")) {
                throw malformed(d);
            }
            return end + 1;
        }
        throw malformed(d);
    }

    private static InvalidPatchException malformed(String descriptor) {
        return new InvalidPatchException("malformed method descriptor '" + descriptor + "'");
    }
}
