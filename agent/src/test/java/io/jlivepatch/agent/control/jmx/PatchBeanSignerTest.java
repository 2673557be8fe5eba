package io.jlivepatch.agent.control.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jlivepatch.agent.control.StatusDocument;
import io.jlivepatch.agent.trust.Signer;
import io.jlivepatch.core.registry.PatchStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The patch MBean's {@code Signer}: the trusted signer of its jar, or empty without a trust store. */
class PatchBeanSignerTest {

    private static final PatchStatus SIGNED = new PatchStatus("signed", true, false, false, false, 1, "aa", List.of());
    private static final PatchStatus PLAIN = new PatchStatus("plain", true, false, false, false, 2, "bb", List.of());
    private static final StatusDocument DOCUMENT = new StatusDocument(1, null, List.of(SIGNED, PLAIN), "1.0", 1,
            List.of(), Map.of("aa", new Signer("CN=ops", "0123")));

    @Test
    void theSignerOfTheJarIsTheCertificateSubject() {
        assertEquals("CN=ops", new PatchBean("signed", () -> DOCUMENT, null).getSigner());
    }

    @Test
    void aPatchLoadedWithoutATrustStoreHasNoSigner() {
        assertEquals("", new PatchBean("plain", () -> DOCUMENT, null).getSigner());
        assertEquals("", new PatchBean("gone", () -> DOCUMENT, null).getSigner());
    }

    @Test
    void theStatusDocumentCarriesTheSignerThroughJson() {
        StatusDocument read = StatusDocument.fromJson(DOCUMENT.toJson());
        assertEquals(new Signer("CN=ops", "0123"), read.signer(read.patch("signed")));
        assertEquals(null, read.signer(read.patch("plain")));
        assertEquals(DOCUMENT, read);
    }
}
