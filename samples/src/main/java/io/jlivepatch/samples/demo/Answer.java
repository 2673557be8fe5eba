package io.jlivepatch.samples.demo;

/**
 * What one demo request saw: which version of the service answered it, judged by the total it
 * returned for the demo's quote (fig, 11 items), whose three consistent versions all differ.
 */
enum Answer {
    ORIGINAL("original", "22.02", "#9e9e9e"),
    A("patch A (fix-discount)", "41.84", "#1e88e5"),
    B("patch B (fix-rounding)", "22.03", "#43a047"),
    /** A total no consistent version gives: some call ran old and new code of one fix. */
    MIXED("mixed versions", null, "#e53935"),
    FAILED("failed", null, "#000000");

    /** The demo's request. */
    static final String ITEM = "fig";
    static final int QTY = 11;

    final String label;
    final String total;
    final String color;

    Answer(String label, String total, String color) {
        this.label = label;
        this.total = total;
        this.color = color;
    }

    /** Classifies a response body such as {@code {"item":"fig","qty":11,"total":"22.02"}}. */
    static Answer of(String body) {
        int at = body.indexOf("\"total\":\"");
        if (at < 0) {
            return FAILED;
        }
        String total = body.substring(at + 9, body.indexOf('"', at + 9));
        for (Answer answer : values()) {
            if (total.equals(answer.total)) {
                return answer;
            }
        }
        return MIXED;
    }
}
