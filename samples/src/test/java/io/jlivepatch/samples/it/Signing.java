package io.jlivepatch.samples.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Keys, a trust store and signed patch jars for the end-to-end tests, made with the JDK's
 * {@code keytool} and {@code jarsigner} exactly as docs/operations.md tells an operator to.
 */
final class Signing {

    static final String PASSWORD = "secret-pass";

    private final Path dir;

    Signing(Path dir) {
        this.dir = dir;
    }

    /** A key store {@code <alias>.p12} with a fresh EC key pair for {@code CN=<alias>}. */
    Path keyPair(String alias) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        tool("keytool", "-genkeypair", "-keystore", store.toString(), "-storetype", "pkcs12", "-storepass", PASSWORD,
                "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + alias, "-validity", "3650");
        return store;
    }

    /** A trust store {@code name} with the certificates of these aliases, readable without its password. */
    Path trustStore(String name, String... aliases) throws Exception {
        Path trust = dir.resolve(name);
        for (String alias : aliases) {
            Path cert = dir.resolve(alias + ".cer");
            tool("keytool", "-exportcert", "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass",
                    PASSWORD, "-alias", alias, "-file", cert.toString());
            tool("keytool", "-importcert", "-noprompt", "-storetype", "pkcs12", "-keystore", trust.toString(),
                    "-storepass", "changeit", "-alias", alias, "-file", cert.toString(),
                    "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE");
        }
        return trust;
    }

    /** Signs {@code jar} in place with the key of {@code alias}; returns it. */
    Path sign(Path jar, String alias) throws Exception {
        tool("jarsigner", "-keystore", dir.resolve(alias + ".p12").toString(), "-storepass", PASSWORD,
                jar.toString(), alias);
        return jar;
    }

    /** A copy of {@code jar} at {@code to} with {@code entry}'s bytes replaced, or added if it has none. */
    static Path tamper(Path jar, Path to, String entry, byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean replaced = false;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] data = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(entry)) {
                    data = bytes;
                    replaced = true;
                }
                zip.write(data);
                zip.closeEntry();
            }
            if (!replaced) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return Files.write(to, out.toByteArray());
    }

    static String entryName(Class<?> c) {
        return c.getName().replace('.', '/') + ".class";
    }

    private static void tool(String name, String... args) throws Exception {
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
