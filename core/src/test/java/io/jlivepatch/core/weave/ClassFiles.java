package io.jlivepatch.core.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/** Reading class files in tests: bytes of a test class, one method as text, line tables, verification. */
final class ClassFiles {

    private ClassFiles() {}

    /** The class file of {@code type}, as compiled into the test classes. */
    static byte[] of(Class<?> type) {
        String resource = type.getSimpleName() + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file " + resource + " next to " + type.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every method of the class as Textifier text (access comment, declaration, code), by name + descriptor, in class order. */
    static Map<String, String> textByMethod(byte[] classFile) {
        Map<String, String> texts = new LinkedHashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                Textifier header = new Textifier();
                Textifier code = header.visitMethod(access, name, descriptor, signature, exceptions);
                return new MethodVisitor(Opcodes.ASM9, new TraceMethodVisitor(code)) {
                    @Override
                    public void visitEnd() {
                        super.visitEnd();
                        StringWriter text = new StringWriter();
                        try (PrintWriter out = new PrintWriter(text)) {
                            header.print(out);
                        }
                        texts.put(name + descriptor, text.toString());
                    }
                };
            }
        }, 0);
        return texts;
    }

    /** One method as Textifier text. */
    static String text(byte[] classFile, String nameAndDescriptor) {
        String text = textByMethod(classFile).get(nameAndDescriptor);
        if (text == null) {
            throw new IllegalArgumentException("no method " + nameAndDescriptor);
        }
        return text;
    }

    /** One line number table entry: the bytecode offset where {@code line} starts. */
    record LineEntry(int offset, int line) {}

    /**
     * The line number table of one method, in bytecode offset order. The labels are fed through a
     * {@code ClassWriter}, which resolves them, so their offsets can be read afterwards.
     */
    static List<LineEntry> lineTable(byte[] classFile, String nameAndDescriptor) {
        List<Label> starts = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, new ClassWriter(0)) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor writer = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (!nameAndDescriptor.equals(name + descriptor)) {
                    return writer;
                }
                return new MethodVisitor(Opcodes.ASM9, writer) {
                    @Override
                    public void visitLineNumber(int line, Label start) {
                        starts.add(start);
                        lines.add(line);
                        super.visitLineNumber(line, start);
                    }
                };
            }
        }, 0);
        List<LineEntry> table = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            table.add(new LineEntry(starts.get(i).getOffset(), lines.get(i)));
        }
        table.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return table;
    }

    /** The line the JVM reports for {@code offset}: the entry with the greatest start at or below it, or -1. */
    static int lineAt(List<LineEntry> table, int offset) {
        int line = -1;
        for (LineEntry entry : table) {
            if (entry.offset() <= offset) {
                line = entry.line();
            }
        }
        return line;
    }

    /** Whether the method's stack map table has a frame at offset 0, before its first instruction. */
    static boolean hasFrameAtOffsetZero(byte[] classFile, String nameAndDescriptor) {
        MethodNode method = node(classFile, nameAndDescriptor);
        for (AbstractInsnNode node : method.instructions) {
            if (node instanceof FrameNode) {
                return true;
            }
            if (node.getOpcode() >= 0) {
                return false;
            }
        }
        return false;
    }

    static MethodNode node(byte[] classFile, String nameAndDescriptor) {
        MethodNode[] found = new MethodNode[1];
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (!nameAndDescriptor.equals(name + descriptor)) {
                    return null;
                }
                found[0] = new MethodNode(Opcodes.ASM9, access, name, descriptor, signature, exceptions);
                return found[0];
            }
        }, 0);
        if (found[0] == null) {
            throw new IllegalArgumentException("no method " + nameAndDescriptor);
        }
        return found[0];
    }

    /**
     * ASM's structural checks plus its data-flow verifier (types resolved through the test class
     * loader). It recomputes types rather than reading the stack map frames; the JVM's own
     * verifier checks those when the tests load the woven class.
     */
    static void assertVerifies(byte[] classFile) {
        StringWriter errors = new StringWriter();
        try (PrintWriter out = new PrintWriter(errors)) {
            CheckClassAdapter.verify(new ClassReader(classFile), ClassFiles.class.getClassLoader(), false, out);
        }
        assertEquals("", errors.toString(), "ASM verifier errors");
    }
}
