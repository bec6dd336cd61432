package dev.fer.examples.draw;

import dev.fer.Emotion;
import dev.fer.draw.Palette;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A line chart of emotion probabilities over time (one line per emotion, of the top face of each analysed frame),
 * with shaded stretches where no face was found, a strip of the dominant emotion per frame, axes and a legend.
 *
 * <p>Not thread-safe while points are being added; {@link #render()} may be called any number of times.
 */
public final class TimelineChart {
    private final String title;
    private final List<Emotion> classes;
    private final List<Double> times = new ArrayList<>();
    private final List<Map<Emotion, Float>> values = new ArrayList<>();

    /**
     * Starts an empty chart.
     *
     * @param title the title, for example the video's file name
     * @param classes the emotions to plot, in legend order
     */
    public TimelineChart(String title, List<Emotion> classes) {
        this.title = Objects.requireNonNull(title, "title");
        this.classes = List.copyOf(classes);
    }

    /**
     * Adds one analysed frame.
     *
     * @param timeSeconds when the frame is shown
     * @param probabilities the top face's probabilities, or {@code null} when no face was found
     */
    public void add(double timeSeconds, Map<Emotion, Float> probabilities) {
        times.add(timeSeconds);
        values.add(probabilities == null ? null : new EnumMap<>(probabilities));
    }

    /**
     * Draws the chart.
     *
     * @return a new 1400×580 picture
     */
    public BufferedImage render() {
        int width = 1400;
        int height = 580;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    private void draw(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 22);
        Font axisFont = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
        Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
        Color ink = new Color(40, 40, 40);

        double left = 90;
        double right = width - 190;
        double top = 60;
        double stripH = 22;
        double bottom = height - 80 - stripH - 12;
        double stripTop = bottom + 12;

        g.setFont(titleFont);
        g.setColor(ink);
        g.drawString(title, (float) left, 38f);

        double t0 = times.isEmpty() ? 0 : times.get(0);
        double t1 = times.isEmpty() ? 1 : times.get(times.size() - 1);
        double step = times.size() > 1 ? (t1 - t0) / (times.size() - 1) : 1;
        double xMin = Math.min(t0, 0);
        double xMax = Math.max(t1 + step, xMin + 1e-3);
        java.util.function.DoubleUnaryOperator sx = t -> left + (t - xMin) / (xMax - xMin) * (right - left);
        java.util.function.DoubleUnaryOperator sy = p -> bottom - p * (bottom - top);

        // Stretches without a face, shaded (whole pixels: no seams).
        g.setColor(new Color(236, 236, 236));
        for (int i = 0; i < times.size(); i++) {
            if (values.get(i) == null) {
                int a = (int) Math.round(sx.applyAsDouble(times.get(i)));
                int b = (int) Math.round(sx.applyAsDouble(i + 1 < times.size() ? times.get(i + 1)
                        : times.get(i) + step));
                g.fillRect(a, (int) top, Math.max(1, b - a), (int) (bottom - top));
            }
        }
        // Grid and y axis.
        g.setFont(tickFont);
        FontMetrics tfm = g.getFontMetrics();
        for (int k = 0; k <= 4; k++) {
            double p = k / 4.0;
            double y = sy.applyAsDouble(p);
            g.setColor(new Color(215, 215, 215));
            g.setStroke(new BasicStroke(1f));
            g.draw(new Line2D.Double(left, y, right, y));
            String lbl = String.format(Locale.ROOT, "%.0f%%", 100 * p);
            g.setColor(ink);
            g.drawString(lbl, (float) (left - 8 - tfm.stringWidth(lbl)), (float) (y + tfm.getAscent() / 2.0 - 2));
        }
        // x ticks at a "nice" step.
        double tick = niceStep((xMax - xMin) / 10);
        for (double t = Math.ceil(xMin / tick) * tick; t <= xMax + 1e-9; t += tick) {
            double x = sx.applyAsDouble(t);
            g.setColor(new Color(230, 230, 230));
            g.draw(new Line2D.Double(x, top, x, bottom));
            g.setColor(ink);
            g.draw(new Line2D.Double(x, bottom, x, bottom + 5));
            String lbl = tick >= 1 ? String.format(Locale.ROOT, "%.0f", t) : String.format(Locale.ROOT, "%.1f", t);
            g.drawString(lbl, (float) (x - tfm.stringWidth(lbl) / 2.0), (float) (stripTop + stripH + 20));
        }
        g.setColor(ink);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new Line2D.Double(left, top, left, bottom));
        g.draw(new Line2D.Double(left, bottom, right, bottom));

        // One line per emotion, broken where no face was found.
        for (Emotion e : classes) {
            Path2D path = new Path2D.Double();
            boolean pen = false;
            for (int i = 0; i < times.size(); i++) {
                Map<Emotion, Float> v = values.get(i);
                if (v == null || !v.containsKey(e)) {
                    pen = false;
                    continue;
                }
                double x = sx.applyAsDouble(times.get(i));
                double y = sy.applyAsDouble(v.get(e));
                if (pen) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    pen = true;
                }
            }
            g.setColor(Palette.of(e));
            g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }

        // Dominant emotion per frame, on whole pixels so neighbouring cells leave no seams.
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        for (int i = 0; i < times.size(); i++) {
            Map<Emotion, Float> v = values.get(i);
            int a = (int) Math.round(sx.applyAsDouble(times.get(i)));
            int b = (int) Math.round(sx.applyAsDouble(i + 1 < times.size() ? times.get(i + 1) : times.get(i) + step));
            g.setColor(v == null ? new Color(236, 236, 236) : Palette.of(dominant(v)));
            g.fillRect(a, (int) stripTop, Math.max(1, b - a), (int) stripH);
        }
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(ink);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(left, stripTop, right - left, stripH));
        g.setFont(tickFont);
        g.drawString("dominant", (float) (left - 8 - tfm.stringWidth("dominant")),
                (float) (stripTop + stripH / 2 + tfm.getAscent() / 2.0 - 2));

        // Axis titles.
        g.setFont(axisFont);
        FontMetrics afm = g.getFontMetrics();
        String xTitle = "time (s)";
        g.drawString(xTitle, (float) ((left + right) / 2 - afm.stringWidth(xTitle) / 2.0),
                (float) (stripTop + stripH + 50));
        Graphics2D rot = (Graphics2D) g.create();
        rot.rotate(-Math.PI / 2);
        String yTitle = "probability (top face)";
        rot.drawString(yTitle, (float) (-(top + bottom) / 2 - afm.stringWidth(yTitle) / 2.0), 26f);
        rot.dispose();

        // Legend.
        double lx = right + 30;
        double ly = top + 10;
        g.setFont(axisFont);
        for (Emotion e : classes) {
            g.setColor(Palette.of(e));
            g.setStroke(new BasicStroke(4f));
            g.draw(new Line2D.Double(lx, ly, lx + 28, ly));
            g.setColor(ink);
            g.drawString(e.jsonName(), (float) (lx + 38), (float) (ly + afm.getAscent() / 2.0 - 2));
            ly += 28;
        }
        ly += 6;
        g.setColor(new Color(236, 236, 236));
        g.fill(new Rectangle2D.Double(lx, ly - 10, 28, 20));
        g.setColor(ink);
        g.drawString("no face", (float) (lx + 38), (float) (ly + afm.getAscent() / 2.0 - 2));
    }

    private static Emotion dominant(Map<Emotion, Float> v) {
        Emotion best = null;
        float p = -1;
        for (Map.Entry<Emotion, Float> e : v.entrySet()) {
            if (e.getValue() > p) {
                p = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        double n = raw / mag;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
    }
}
