package io.jlivepatch.samples.demo;

import java.util.Map;

/**
 * Draws a {@link Timeline} as an SVG picture: one stacked bar per slot, coloured by the version
 * that answered, with the operations marked as labelled vertical lines.
 *
 * <p>Stateless and thread-safe.
 */
final class TimelineSvg {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 360;
    private static final int LEFT = 60;
    private static final int TOP = 40;
    private static final int PLOT_HEIGHT = 220;

    private TimelineSvg() {}

    static String draw(Timeline timeline, String title) {
        int slots = timeline.used();
        long max = 1;
        for (int s = 0; s < slots; s++) {
            long sum = timeline.slot(s).values().stream().mapToLong(Long::longValue).sum();
            max = Math.max(max, sum);
        }
        double barWidth = (WIDTH - LEFT - 20) / (double) slots;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append("<text x=\"").append(LEFT).append("\" y=\"20\" font-size=\"15\">").append(escape(title))
                .append("</text>\n");
        for (int s = 0; s < slots; s++) {
            Map<Answer, Long> counts = timeline.slot(s);
            double y = TOP + PLOT_HEIGHT;
            for (Answer answer : Answer.values()) {
                long n = counts.get(answer);
                if (n == 0) {
                    continue;
                }
                double h = PLOT_HEIGHT * n / (double) max;
                y -= h;
                svg.append(String.format("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                        LEFT + s * barWidth, y, Math.max(barWidth - 1, 1), h, answer.color));
            }
        }
        double secondsPerPixel = Timeline.SLOT_NANOS / 1e9 / barWidth;
        int i = 0;
        for (Timeline.Mark mark : timeline.marks()) {
            double x = LEFT + mark.seconds() / secondsPerPixel;
            svg.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"4 3\"/>%n",
                    x, TOP - 5, x, TOP + PLOT_HEIGHT + 5));
            svg.append(String.format("<text x=\"%.1f\" y=\"%d\">%s</text>%n", x + 3, TOP + 8 + 14 * (i++ % 3),
                    escape(mark.label())));
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\">requests per %d ms (max %d); time →</text>%n",
                LEFT, TOP + PLOT_HEIGHT + 20, Timeline.SLOT_NANOS / 1_000_000, max));
        int x = LEFT;
        for (Answer answer : Answer.values()) {
            svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>%n", x,
                    TOP + PLOT_HEIGHT + 35, answer.color));
            svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", x + 16, TOP + PLOT_HEIGHT + 46,
                    escape(answer.label)));
            x += 40 + 7 * answer.label.length();
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
