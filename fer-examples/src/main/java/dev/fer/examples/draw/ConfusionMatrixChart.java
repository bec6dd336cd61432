package dev.fer.examples.draw;

import dev.fer.Emotion;
import dev.fer.eval.EvaluationReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A confusion-matrix heat map: true labels as rows, predicted classes as columns, each cell shaded by its share of
 * the row and labelled with its count, the diagonal outlined, plus a grey "no face" column for images in which no
 * face was found, and per-row accuracy on the right.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfusionMatrixChart {
    private ConfusionMatrixChart() {
    }

    /**
     * Draws the matrix.
     *
     * @param report the evaluation
     * @param rows true labels to show (usually those present in the dataset)
     * @param columns predicted classes to show (usually the model's classes and the labels present)
     * @param title the title
     * @return a new picture
     */
    public static BufferedImage render(EvaluationReport report, List<Emotion> rows, List<Emotion> columns,
                                       String title) {
        int cell = 78;
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 20);
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 16);
        Font countFont = new Font(Font.SANS_SERIF, Font.BOLD, 18);
        boolean noFaceColumn = report.noFace() > 0;
        int cols = columns.size() + (noFaceColumn ? 1 : 0);
        int left = 150;
        int top = 170;
        int width = left + cols * cell + 140;
        int height = top + rows.size() * cell + 90;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            Color ink = new Color(40, 40, 40);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(titleFont);
            g.setColor(ink);
            g.drawString(title, 20, 34);
            g.setFont(labelFont);
            g.drawString(String.format(Locale.ROOT, "n = %d   overall %.1f%%   macro %.1f%%%s", report.n(),
                    100 * report.overall(), 100 * report.macro(),
                    report.noFace() > 0 ? "   no face: " + report.noFace() : ""), 20, 62);
            FontMetrics fm = g.getFontMetrics();

            // Column headers, rotated, and the axis title above them.
            String predicted = "predicted";
            g.drawString(predicted, left + (cols * cell - fm.stringWidth(predicted)) / 2f, 92);
            for (int c = 0; c < cols; c++) {
                String name = c < columns.size() ? columns.get(c).jsonName() : "no face";
                Graphics2D r = (Graphics2D) g.create();
                r.translate(left + c * cell + cell / 2.0 + fm.getAscent() / 2.0 - 2, top - 8);
                r.rotate(-Math.PI / 4);
                r.drawString(name, 0, 0);
                r.dispose();
            }
            // Row headers and the axis title beside them.
            for (int rIdx = 0; rIdx < rows.size(); rIdx++) {
                String name = rows.get(rIdx).jsonName();
                g.drawString(name, left - 10 - fm.stringWidth(name),
                        top + rIdx * cell + cell / 2f + fm.getAscent() / 2f - 2);
            }
            Graphics2D rot = (Graphics2D) g.create();
            rot.rotate(-Math.PI / 2);
            String truth = "true label";
            rot.drawString(truth, -(top + rows.size() * cell / 2f + fm.stringWidth(truth) / 2f), 24);
            rot.dispose();
            g.drawString("accuracy", left + cols * cell + 14, top - 10);

            g.setFont(countFont);
            FontMetrics cfm = g.getFontMetrics();
            for (int rIdx = 0; rIdx < rows.size(); rIdx++) {
                Emotion t = rows.get(rIdx);
                int support = report.support().getOrDefault(t, 0);
                int predictedSum = 0;
                for (int c = 0; c < cols; c++) {
                    int n;
                    boolean noFace = c >= columns.size();
                    if (noFace) {
                        n = Math.max(0, support - predictedSum);
                    } else {
                        n = report.count(t, columns.get(c));
                        predictedSum += n;
                    }
                    double share = support == 0 ? 0 : (double) n / support;
                    Color fill = noFace ? mix(new Color(248, 248, 248), new Color(120, 120, 120), share)
                            : mix(new Color(247, 251, 255), new Color(8, 69, 148), share);
                    int x = left + c * cell;
                    int y = top + rIdx * cell;
                    g.setColor(fill);
                    g.fillRect(x, y, cell, cell);
                    g.setColor(new Color(225, 225, 225));
                    g.setStroke(new BasicStroke(1f));
                    g.drawRect(x, y, cell, cell);
                    if (!noFace && columns.get(c) == t) {
                        g.setColor(new Color(230, 120, 0));
                        g.setStroke(new BasicStroke(3f));
                        g.draw(new Rectangle2D.Double(x + 1.5, y + 1.5, cell - 3, cell - 3));
                    }
                    String txt = Integer.toString(n);
                    g.setColor(share > 0.5 ? Color.WHITE : n == 0 ? new Color(175, 175, 175) : ink);
                    g.drawString(txt, x + (cell - cfm.stringWidth(txt)) / 2f, y + cell / 2f + cfm.getAscent() / 2f - 3);
                }
                double acc = report.accuracy(t);
                g.setColor(ink);
                g.drawString(Double.isNaN(acc) ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * acc),
                        left + cols * cell + 14, top + rIdx * cell + cell / 2f + cfm.getAscent() / 2f - 3);
            }
            g.setFont(labelFont);
            g.setColor(new Color(110, 110, 110));
            g.drawString("cells: images; shade: share of the row", left, top + rows.size() * cell + 34);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static Color mix(Color a, Color b, double t) {
        double u = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * u),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * u),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * u));
    }
}
