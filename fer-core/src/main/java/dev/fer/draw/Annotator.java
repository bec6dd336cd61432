package dev.fer.draw;

import dev.fer.Emotion;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Point;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.image.PixelFormat;
import dev.fer.result.AnalysisResult;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import dev.fer.track.TrackedFace;
import dev.fer.video.FrameResult;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws analysis results over a picture: a box per face in the colour of its dominant emotion, the five landmarks,
 * and beside each face a small panel titled with the dominant emotion and its probability, with a bar per emotion.
 * When the panels would cover too much of the picture, or a face has no room beside it, the face gets just a label
 * with its dominant emotion; in a crowd of small faces the boxes keep their colours and a legend counts the faces
 * per emotion. Line widths and fonts scale with the image size, everything stays inside the
 * image, and each panel goes on the side of its face where it covers the least of the other faces and panels.
 * Faces of a video stream ({@link #annotate(FrameResult)}) are drawn with their smoothed emotions and labelled
 * with their track id ({@code #3 happy 80%}).
 *
 * <p>Stateless and thread-safe; each call draws on the caller's graphics or image.
 */
public final class Annotator {
    /** Above this many faces only boxes, landmarks and labels are drawn: panels would hide the crowd. */
    public static final int MAX_PANELS = 12;
    /** Panels may cover at most this share of the picture; otherwise labels are drawn instead. */
    public static final double MAX_PANEL_SHARE = 0.4;

    private Annotator() {
    }

    /**
     * A new picture: the image with the results drawn over it.
     *
     * @param image the analysed image
     * @param result its analysis
     * @return a new {@code TYPE_3BYTE_BGR} image
     */
    public static BufferedImage annotate(FerImage image, AnalysisResult result) {
        BufferedImage out = Images.toBufferedImage(image.convert(PixelFormat.BGR));
        Graphics2D g = out.createGraphics();
        try {
            draw(g, out.getWidth(), out.getHeight(), result);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * A new picture: a stream frame with its tracked faces drawn over it, each face with its smoothed emotions
     * and its track id (tentative tracks have no id yet and show none).
     *
     * @param frame a result of a {@link dev.fer.video.StreamRun}
     * @return a new {@code TYPE_3BYTE_BGR} image
     */
    public static BufferedImage annotate(FrameResult frame) {
        BufferedImage out = Images.toBufferedImage(frame.image().convert(PixelFormat.BGR));
        Graphics2D g = out.createGraphics();
        try {
            drawTracked(g, out.getWidth(), out.getHeight(), frame.faces());
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Draws tracked faces, with their smoothed emotions and track ids, on a graphics context covering an image of
     * the given size.
     *
     * @param g where to draw (its settings are changed)
     * @param width image width
     * @param height image height
     * @param faces the tracked faces, in the same image's pixels
     */
    public static void drawTracked(Graphics2D g, int width, int height, List<TrackedFace> faces) {
        List<FaceAnalysis> shown = new ArrayList<>(faces.size());
        Map<FaceAnalysis, String> tags = new IdentityHashMap<>();
        for (TrackedFace t : faces) {
            FaceAnalysis f = new FaceAnalysis(t.face().detection(), t.smoothed(), t.face().aligned());
            shown.add(f);
            if (t.confirmed()) {
                tags.put(f, "#" + t.trackId());
            }
        }
        draw(g, Style.forImage(width, height).withTags(tags), width, height, shown);
    }

    /**
     * Draws the results on a graphics context covering an image of the given size.
     *
     * @param g where to draw (its settings are changed)
     * @param width image width
     * @param height image height
     * @param result the analysis, in the same image's pixels
     */
    public static void draw(Graphics2D g, int width, int height, AnalysisResult result) {
        draw(g, Style.forImage(width, height), width, height, result.faces());
    }

    private static void draw(Graphics2D g, Style st, int width, int height, List<FaceAnalysis> faces) {
        st.setup(g);
        for (FaceAnalysis f : faces) {
            drawBox(g, st, f);
        }
        List<Panel> panels = panels(g, st, width, height, faces);
        if (panels == null) {
            if (crowded(g, st, faces)) {
                legend(g, st, width, height, faces);
                return;
            }
            for (FaceAnalysis f : faces) {
                drawLabel(g, st, f, labelRect(g, st, width, height, f));
            }
            return;
        }
        List<Area> taken = new ArrayList<>();
        List<Rectangle2D> placed = new ArrayList<>();
        for (FaceAnalysis f : faces) {
            taken.add(new Area(rect(f.detection().box()), 2));
        }
        for (int i = 0; i < faces.size(); i++) {
            FaceAnalysis f = faces.get(i);
            Panel p = panels.get(i);
            Rectangle2D own = rect(f.detection().box());
            // Covering the face itself is worst, so its own box weighs most; overlapping panels are unreadable.
            taken.add(new Area(own, 6));
            Rectangle2D at = place(st, width, height, f.detection().box(), p, taken);
            taken.remove(taken.size() - 1);
            double onPanels = 0;
            for (Rectangle2D q : placed) {
                onPanels += overlap(at, q);
            }
            if (overlap(at, own) > 0.1 * own.getWidth() * own.getHeight()
                    || onPanels > 0.1 * at.getWidth() * at.getHeight()) {
                // No room beside this face (a close-up, or panels of its neighbours): a label hides less.
                Rectangle2D label = labelRect(g, st, width, height, f);
                taken.add(new Area(label, 4));
                drawLabel(g, st, f, label);
                continue;
            }
            taken.add(new Area(at, 4));
            placed.add(at);
            drawPanel(g, st, f, p, at);
        }
    }

    /** Whether labels would be much wider than the faces they name (a crowd far away). */
    private static boolean crowded(Graphics2D g, Style st, List<FaceAnalysis> faces) {
        if (faces.size() <= 3) {
            return false;
        }
        double[] widths = faces.stream().mapToDouble(f -> f.detection().box().width()).sorted().toArray();
        double median = widths[widths.length / 2];
        return g.getFontMetrics(st.label).stringWidth("neutral 88%") > 1.5 * median;
    }

    /** For crowds: boxes carry the colour of their emotion, and a legend counts the faces per emotion. */
    private static void legend(Graphics2D g, Style st, int width, int height, List<FaceAnalysis> faces) {
        java.util.Map<Emotion, Integer> counts = new java.util.EnumMap<>(Emotion.class);
        for (FaceAnalysis f : faces) {
            f.dominant().ifPresent(e -> counts.merge(e, 1, Integer::sum));
        }
        List<String> lines = new ArrayList<>();
        List<Color> colors = new ArrayList<>();
        lines.add(faces.size() + " faces");
        colors.add(null);
        counts.entrySet().stream()
                .sorted((a, b) -> b.getValue() != a.getValue().intValue() ? b.getValue() - a.getValue()
                        : a.getKey().jsonName().compareTo(b.getKey().jsonName()))
                .forEach(e -> {
                    lines.add(e.getKey().jsonName() + " " + e.getValue());
                    colors.add(Palette.of(e.getKey()));
                });
        g.setFont(st.label);
        FontMetrics fm = g.getFontMetrics();
        double pad = st.pad;
        double row = fm.getHeight();
        double swatch = fm.getAscent() * 0.8;
        double w = 0;
        for (String l : lines) {
            w = Math.max(w, fm.stringWidth(l));
        }
        w += 3 * pad + swatch;
        double h = lines.size() * row + 2 * pad;
        double x = Math.max(0, width - w - pad);
        double y = Math.max(0, height - h - pad);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.75f));
        g.setColor(new Color(15, 15, 20));
        g.fill(new Rectangle2D.Double(x, y, w, h));
        g.setComposite(AlphaComposite.SrcOver);
        for (int i = 0; i < lines.size(); i++) {
            double baseline = y + pad + i * row + fm.getAscent();
            if (colors.get(i) != null) {
                g.setColor(colors.get(i));
                g.fill(new Rectangle2D.Double(x + pad, baseline - swatch, swatch, swatch));
            }
            g.setColor(Color.WHITE);
            g.drawString(lines.get(i), (float) (x + 2 * pad + swatch), (float) baseline);
        }
    }

    /**
     * Draws a caption in the top-left corner (for example a frame time or the frames per second).
     *
     * @param g where to draw
     * @param width image width
     * @param height image height
     * @param text one line
     */
    public static void caption(Graphics2D g, int width, int height, String text) {
        Style st = Style.forImage(width, height);
        st.setup(g);
        g.setFont(st.label);
        FontMetrics fm = g.getFontMetrics();
        double pad = st.pad;
        double w = fm.stringWidth(text) + 2 * pad;
        double h = fm.getAscent() + fm.getDescent() + pad;
        double x = width - w - pad;
        double y = height - h - pad;
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.65f));
        g.setColor(Color.BLACK);
        g.fill(new Rectangle2D.Double(x, y, w, h));
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(Color.WHITE);
        g.drawString(text, (float) (x + pad), (float) (y + pad / 2 + fm.getAscent()));
    }

    private static Rectangle2D rect(BoundingBox b) {
        return new Rectangle2D.Double(b.x1(), b.y1(), b.width(), b.height());
    }

    private static Color colorOf(FaceAnalysis f) {
        return f.dominant().map(Palette::of).orElse(Palette.FACE);
    }

    private static void drawBox(Graphics2D g, Style st, FaceAnalysis f) {
        BoundingBox b = f.detection().box();
        Rectangle2D r = rect(b);
        // A dark outline under the coloured line keeps the box visible on any background.
        g.setStroke(new BasicStroke((float) (st.line + 2 * st.outline)));
        g.setColor(new Color(0, 0, 0, 140));
        g.draw(r);
        g.setStroke(new BasicStroke((float) st.line));
        g.setColor(colorOf(f));
        g.draw(r);
        if (f.detection().hasLandmarks() && b.width() >= 40) {
            double rad = Math.max(1.5, Math.min(st.dot, b.width() / 30.0));
            for (Point p : f.detection().landmarks().get().points()) {
                Ellipse2D dot = new Ellipse2D.Double(p.x() - rad, p.y() - rad, 2 * rad, 2 * rad);
                g.setColor(Color.WHITE);
                g.fill(dot);
                g.setStroke(new BasicStroke((float) Math.max(1.0, rad / 2.5)));
                g.setColor(new Color(20, 20, 20));
                g.draw(dot);
            }
        }
    }

    private static String labelText(Style st, FaceAnalysis f) {
        String tag = st.tags().get(f);
        return (tag == null ? "" : tag + " ") + f.emotions().map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.dominant().jsonName(),
                        100 * e.dominantProbability()))
                .orElseGet(() -> String.format(Locale.ROOT, "face %.2f", f.detection().score()));
    }

    /** Where a label goes: on top of the box; below it when the box touches the top; else inside its top. */
    private static Rectangle2D labelRect(Graphics2D g, Style st, int width, int height, FaceAnalysis f) {
        BoundingBox b = f.detection().box();
        FontMetrics fm = g.getFontMetrics(st.label);
        double w = fm.stringWidth(labelText(st, f)) + 2 * st.pad;
        double h = fm.getAscent() + fm.getDescent() + st.pad;
        double x = b.x1() - st.line / 2;
        double y = b.y1() - st.line / 2 - h;
        if (y < 0) {
            y = b.y2() + st.line / 2 + h <= height ? b.y2() + st.line / 2 : b.y1() + st.line / 2;
        }
        return new Rectangle2D.Double(clamp(x, 0, width - w), clamp(y, 0, height - h), w, h);
    }

    private static void drawLabel(Graphics2D g, Style st, FaceAnalysis f, Rectangle2D r) {
        g.setFont(st.label);
        FontMetrics fm = g.getFontMetrics();
        Color c = colorOf(f);
        g.setColor(c);
        g.fill(r);
        g.setColor(Palette.textOn(c));
        g.drawString(labelText(st, f), (float) (r.getX() + st.pad),
                (float) (r.getY() + st.pad / 2 + fm.getAscent()));
    }

    /** The size of one face's panel. */
    private record Panel(double width, double height, double title, double row, double nameWidth, double barWidth) {
    }

    /** Panel sizes for every face, or null when labels should be drawn instead. */
    private static List<Panel> panels(Graphics2D g, Style st, int width, int height, List<FaceAnalysis> faces) {
        if (faces.isEmpty() || faces.size() > MAX_PANELS) {
            return null;
        }
        FontMetrics small = g.getFontMetrics(st.small);
        FontMetrics label = g.getFontMetrics(st.label);
        double pad = st.pad;
        List<Panel> list = new ArrayList<>();
        double area = 0;
        for (FaceAnalysis f : faces) {
            if (f.emotions().isEmpty()) {
                return null;
            }
            List<Emotion> classes = Palette.ordered(f.emotions().get().supported());
            int nameW = 0;
            for (Emotion e : classes) {
                nameW = Math.max(nameW, small.stringWidth(e.jsonName()));
            }
            double row = small.getAscent() + small.getDescent() + Math.max(1, pad / 2);
            double barW = 3.5 * small.getHeight();
            double rowsW = pad + nameW + pad + barW + pad + small.stringWidth("100%") + pad;
            double titleH = label.getAscent() + label.getDescent() + pad;
            double w = Math.max(rowsW, label.stringWidth(labelText(st, f)) + 2 * pad);
            double h = titleH + pad / 2 + classes.size() * row + pad / 2;
            if (w > width || h > height) {
                return null;
            }
            area += w * h;
            list.add(new Panel(w, h, titleH, row, nameW, barW));
        }
        return area > MAX_PANEL_SHARE * width * height ? null : list;
    }

    /** Chooses the side of the face where the panel covers the least; keeps it inside the image. */
    private static Rectangle2D place(Style st, int width, int height, BoundingBox b, Panel p, List<Area> taken) {
        double w = p.width();
        double h = p.height();
        double gap = st.line * 2;
        double[][] candidates = {
            {b.x2() + gap, b.y1()},
            {b.x1() - gap - w, b.y1()},
            {b.x2() + gap, b.y2() - h},
            {b.x1() - gap - w, b.y2() - h},
            {b.x1(), b.y2() + gap},
            {b.x1(), b.y1() - gap - h},
        };
        Rectangle2D best = null;
        double bestCost = Double.MAX_VALUE;
        for (double[] c : candidates) {
            double x = clamp(c[0], 0, width - w);
            double y = clamp(c[1], 0, height - h);
            Rectangle2D r = new Rectangle2D.Double(x, y, w, h);
            double cost = 0;
            for (Area o : taken) {
                Rectangle2D i = r.createIntersection(o.rect());
                if (i.getWidth() > 0 && i.getHeight() > 0) {
                    cost += o.weight() * i.getWidth() * i.getHeight();
                }
            }
            // Prefer positions the clamp did not move far from the face.
            cost += 0.05 * (Math.abs(x - c[0]) + Math.abs(y - c[1])) * Math.max(w, h);
            if (cost < bestCost - 1e-6) {
                bestCost = cost;
                best = r;
            }
        }
        return best;
    }

    private static void drawPanel(Graphics2D g, Style st, FaceAnalysis f, Panel p, Rectangle2D at) {
        EmotionScores scores = f.emotions().orElseThrow();
        Color color = colorOf(f);
        double pad = st.pad;
        connect(g, st, f.detection().box(), at, color);
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.75f));
        g.setColor(new Color(15, 15, 20));
        g.fill(at);
        g.setComposite(AlphaComposite.SrcOver);
        // Title: the dominant emotion, on the face's colour.
        Rectangle2D title = new Rectangle2D.Double(at.getX(), at.getY(), at.getWidth(), p.title());
        g.setColor(color);
        g.fill(title);
        g.setFont(st.label);
        FontMetrics lfm = g.getFontMetrics();
        g.setColor(Palette.textOn(color));
        g.drawString(labelText(st, f), (float) (at.getX() + pad), (float) (at.getY() + pad / 2 + lfm.getAscent()));
        g.setStroke(new BasicStroke((float) Math.max(1.0, st.line / 2)));
        g.setColor(color);
        g.draw(at);
        // One bar per emotion.
        g.setFont(st.small);
        FontMetrics fm = g.getFontMetrics();
        Emotion dominant = scores.dominant();
        double x0 = at.getX() + pad;
        double y = at.getY() + p.title() + pad / 2;
        Color dim = new Color(200, 200, 200);
        for (Emotion e : Palette.ordered(scores.supported())) {
            float prob = scores.probability(e);
            double baseline = y + (p.row() - fm.getHeight()) / 2 + fm.getAscent();
            g.setColor(e == dominant ? Color.WHITE : dim);
            g.drawString(e.jsonName(), (float) x0, (float) baseline);
            double bx = x0 + p.nameWidth() + pad;
            double bh = Math.max(2, p.row() * 0.6);
            double by = y + (p.row() - bh) / 2;
            g.setColor(new Color(255, 255, 255, 40));
            g.fill(new Rectangle2D.Double(bx, by, p.barWidth(), bh));
            g.setColor(Palette.of(e));
            g.fill(new Rectangle2D.Double(bx, by, Math.max(0, Math.min(1, prob)) * p.barWidth(), bh));
            String pct = String.format(Locale.ROOT, "%.0f%%", 100 * prob);
            g.setColor(e == dominant ? Color.WHITE : dim);
            g.drawString(pct, (float) (at.getMaxX() - pad - fm.stringWidth(pct)), (float) baseline);
            y += p.row();
        }
    }

    /** A thin line from the box to its panel when the two do not touch. */
    private static void connect(Graphics2D g, Style st, BoundingBox b, Rectangle2D panel, Color color) {
        double bx = clamp(panel.getCenterX(), b.x1(), b.x2());
        double by = clamp(panel.getCenterY(), b.y1(), b.y2());
        double px = clamp(bx, panel.getMinX(), panel.getMaxX());
        double py = clamp(by, panel.getMinY(), panel.getMaxY());
        if (Math.hypot(px - bx, py - by) > 3 * st.line) {
            g.setStroke(new BasicStroke((float) Math.max(1.0, st.line / 2)));
            g.setColor(color);
            g.draw(new Line2D.Double(bx, by, px, py));
        }
    }

    private static double overlap(Rectangle2D a, Rectangle2D b) {
        Rectangle2D i = a.createIntersection(b);
        return i.getWidth() > 0 && i.getHeight() > 0 ? i.getWidth() * i.getHeight() : 0;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(v, Math.max(lo, hi)));
    }

    /** A region already drawn on, and how much covering it costs. */
    private record Area(Rectangle2D rect, double weight) {
    }

    /** Sizes derived from the image size. */
    private record Style(double line, double outline, double dot, double pad, Font label, Font small,
                         Map<FaceAnalysis, String> tags) {
        Style withTags(Map<FaceAnalysis, String> t) {
            return new Style(line, outline, dot, pad, label, small, t);
        }

        static Style forImage(int width, int height) {
            // One unit per 1000 pixels of the longer side, but never so small that text becomes unreadable.
            double s = Math.max(width, height) / 1000.0;
            double labelPx = Math.max(12, 19 * s);
            double smallPx = Math.max(10, 12.5 * s);
            return new Style(Math.max(1.5, 3 * s), Math.max(0.75, s), Math.max(2, 3.5 * s), Math.max(2, 5 * s),
                    new Font(Font.SANS_SERIF, Font.BOLD, 1).deriveFont((float) labelPx),
                    new Font(Font.SANS_SERIF, Font.PLAIN, 1).deriveFont((float) smallPx), Map.of());
        }

        void setup(Graphics2D g) {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        }
    }
}
