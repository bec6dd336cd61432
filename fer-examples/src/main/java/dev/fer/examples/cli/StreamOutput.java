package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.track.TrackSummary;
import dev.fer.track.TrackedFace;
import dev.fer.video.FrameResult;
import dev.fer.video.StreamReport;
import dev.fer.video.StreamStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the {@code video} and {@code webcam} commands print and write per frame and at the end: CSV rows with track
 * ids, the per-track summary. Stateless.
 */
final class StreamOutput {
    private StreamOutput() {
    }

    /**
     * The CSV header: {@code frame,time_s,track_id,x1,y1,x2,y2,score,<emotions...>,smoothed_dominant}.
     *
     * @param classes the classifier's emotions in listing order (empty for detection only)
     * @return the header fields
     */
    static List<String> header(List<Emotion> classes) {
        List<String> h = new ArrayList<>(List.of("frame", "time_s", "track_id", "x1", "y1", "x2", "y2", "score"));
        classes.forEach(e -> h.add(e.jsonName()));
        h.add("smoothed_dominant");
        return h;
    }

    /**
     * One row per face (raw per-frame emotions, the track's smoothed dominant emotion); one row with only frame
     * and time when the frame has no face. Tentative tracks have an empty track id.
     *
     * @param r a frame result
     * @param classes the emotion columns
     * @return the rows
     */
    static List<List<String>> rows(FrameResult r, List<Emotion> classes) {
        List<List<String>> rows = new ArrayList<>();
        String frame = Long.toString(r.index());
        String time = Csv.num(r.seconds(), 4);
        if (r.faces().isEmpty()) {
            List<String> row = new ArrayList<>(List.of(frame, time));
            for (int i = 0; i < 7 + classes.size(); i++) {
                row.add("");
            }
            rows.add(row);
            return rows;
        }
        for (TrackedFace f : r.faces()) {
            var box = f.face().detection().box();
            List<String> row = new ArrayList<>(List.of(frame, time, f.confirmed() ? Integer.toString(f.trackId()) : "",
                    Csv.num(box.x1(), 2), Csv.num(box.y1(), 2), Csv.num(box.x2(), 2), Csv.num(box.y2(), 2),
                    Csv.num(f.face().detection().score(), 4)));
            for (Emotion e : classes) {
                row.add(f.face().emotions().map(s -> Csv.num(s.probability(e), 6)).orElse(""));
            }
            row.add(f.smoothedDominant().map(Emotion::jsonName).orElse(""));
            rows.add(row);
        }
        return rows;
    }

    /**
     * The closing summary: counters, then one line per confirmed track.
     *
     * @param report the run's report
     * @param seconds wall time of the run
     * @return the text, ending with a line break
     */
    static String summary(StreamReport report, double seconds) {
        StreamStats s = report.stats();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%d frames analysed in %.1f s: %.1f frames/s", s.framesDelivered(),
                seconds, s.framesDelivered() / Math.max(seconds, 1e-9)));
        if (s.framesDropped() > 0) {
            sb.append(String.format(Locale.ROOT, "; %d stale frames dropped of %d read", s.framesDropped(),
                    s.framesRead()));
        }
        sb.append(System.lineSeparator());
        List<TrackSummary> tracks = report.tracks();
        sb.append(tracks.size()).append(tracks.size() == 1 ? " face track" : " face tracks");
        if (s.sceneCuts() > 0) {
            sb.append(String.format(Locale.ROOT, " (%d scene cut%s)", s.sceneCuts(), s.sceneCuts() == 1 ? "" : "s"));
        }
        sb.append(tracks.isEmpty() ? "" : ":").append(System.lineSeparator());
        for (TrackSummary t : tracks) {
            sb.append(String.format(Locale.ROOT, "  track %d: frames %d-%d (%.2f-%.2f s, seen in %d)", t.trackId(),
                    t.firstFrame(), t.lastFrame(), t.firstSeen().toNanos() / 1e9, t.lastSeen().toNanos() / 1e9,
                    t.frames()));
            List<Map.Entry<Emotion, Double>> shares = new ArrayList<>(t.emotionShare().entrySet());
            shares.sort(Map.Entry.<Emotion, Double>comparingByValue().reversed()
                    .thenComparing(e -> e.getKey().jsonName()));
            for (int i = 0; i < shares.size(); i++) {
                sb.append(i == 0 ? ": " : ", ").append(String.format(Locale.ROOT, "%s %.0f%%",
                        shares.get(i).getKey().jsonName(), 100 * shares.get(i).getValue()));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    /**
     * Tracks for the timeline charts: the longest ones, at most {@code max}, by id.
     *
     * @param report the run's report
     * @param max the most charts to draw
     * @return the track ids
     */
    static List<Integer> chartedTracks(StreamReport report, int max) {
        return report.tracks().stream().sorted(Comparator.comparingLong(TrackSummary::frames).reversed()).limit(max)
                .map(TrackSummary::trackId).sorted().toList();
    }
}
