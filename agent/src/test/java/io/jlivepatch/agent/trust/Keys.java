package io.jlivepatch.agent.trust;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Keys, trust stores and signed jars for the tests, made with the JDK's own {@code keytool} and
 * {@code jarsigner}, as an operator would make them.
 */
final class Keys {

    static final String PASSWORD = "secret-pass";

    private final Path dir;

    Keys(Path dir) {
        this.dir = dir;
    }

    /** A key store {@code <alias>.p12} with a fresh EC key pair for {@code CN=<alias>}. */
    Path keyPair(String alias) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        tool("keytool", "-genkeypair", "-keystore", store.toString(), "-storetype", "pkcs12", "-storepass", PASSWORD,
                "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + alias, "-validity", "3650");
        return store;
    }

    /**
     * A trust store {@code name} holding the certificates of the given key stores' aliases, readable
     * without its password, as docs/operations.md says to make it.
     */
    Path trustStore(String name, String... aliases) throws Exception {
        return trustStore(name, true, aliases);
    }

    /** As {@link #trustStore(String, String...)}; {@code readable}: without keytool's default encryption of certificates. */
    Path trustStore(String name, boolean readable, String... aliases) throws Exception {
        Path trust = dir.resolve(name);
        for (String alias : aliases) {
            Path cert = dir.resolve(alias + ".cer");
            tool("keytool", "-exportcert", "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass",
                    PASSWORD, "-alias", alias, "-file", cert.toString());
            List<String> args = new ArrayList<>(List.of("-importcert", "-noprompt", "-storetype", "pkcs12",
                    "-keystore", trust.toString(), "-storepass", "changeit", "-alias", alias, "-file", cert.toString()));
            if (readable) {
                args.add("-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE");
            }
            tool("keytool", args.toArray(String[]::new));
        }
        return trust;
    }

    /** Signs {@code jar} in place with the key of {@code alias}. */
    void sign(Path jar, String alias) throws Exception {
        tool("jarsigner", "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", PASSWORD,
                jar.toString(), alias);
    }

    /** A jar with a manifest naming patch {@code name} and these entries. */
    Path jar(String file, String name, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Livepatch-Name", name);
        Path jar = dir.resolve(file);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * {@code jar} rewritten entry by entry in the same order, each entry's bytes passed through
     * {@code change} (which gets the name first, as a {@code "name"} key, then the bytes), and
     * {@code extra} entries appended.
     */
    static byte[] rewrite(byte[] jar, Map<String, UnaryOperator<byte[]>> change, Map<String, byte[]> extra)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(change.getOrDefault(e.getName(), UnaryOperator.identity()).apply(data));
                out.closeEntry();
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] replace(byte[] text, String from, String to) {
        String s = new String(text, StandardCharsets.UTF_8);
        if (!s.contains(from)) {
            throw new IllegalArgumentException("no '" + from + "' in " + s);
        }
        return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    private void tool(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", name).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                    + new String(output, StandardCharsets.UTF_8));
        }
    }
}
