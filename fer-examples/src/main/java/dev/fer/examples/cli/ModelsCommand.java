package dev.fer.examples.cli;

import dev.fer.model.CacheVerification;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelRepository;
import dev.fer.model.ModelTask;
import dev.fer.model.ResolvedModel;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code models list | fetch ID | verify}: the model catalog with licences and cache state, downloading one model
 * into the cache, and re-checking the SHA-256 of every cached file.
 */
@Command(name = "models", abbreviateSynopsis = true,
        description = {"list the model catalog, fetch a model, verify the cache", "",
                "list: every model fer-java knows, with its licence (copyleft ones marked) and whether it is in the "
                        + "cache. fetch ID: put one model in the cache (from the mirror in FER_MODEL_MIRROR or its "
                        + "upstream URL), verified by SHA-256. verify: re-hash every cached model and delete the ones "
                        + "that do not match."})
public final class ModelsCommand extends BaseCommand {
    @Parameters(paramLabel = "list | fetch ID | verify", arity = "1..2", description = "what to do")
    List<String> p;

    @Override
    protected int execute(PrintStream out, PrintStream err) {
        String action = p.get(0);
        switch (action) {
            case "list" -> {
                requireArgs(p, 1);
                return list(ModelRepository.fromEnvironment(), out);
            }
            case "fetch" -> {
                if (p.size() < 2) {
                    throw new UsageException("models fetch needs a model ID (see 'models list')");
                }
                String id = p.get(1);
                if (ModelCatalog.find(id).isEmpty()) {
                    throw new UsageException("unknown model id '" + id + "'; known: "
                            + String.join(", ", ModelCatalog.ids()));
                }
                ResolvedModel m = ModelRepository.fromEnvironment().resolve(id);
                out.printf(Locale.ROOT, "%s: %s (%s, sha256 %s)%n", id, m.path(),
                        m.source().toString().toLowerCase(Locale.ROOT), m.sha256());
                return OK;
            }
            case "verify" -> {
                requireArgs(p, 1);
                int bad = 0;
                ModelRepository repo = ModelRepository.fromEnvironment();
                for (java.nio.file.Path part : repo.removeStalePartFiles()) {
                    out.printf(Locale.ROOT, "%-9s %s (a partial download left by an interrupted run)%n", "REMOVED",
                            part);
                }
                for (CacheVerification v : repo.verifyCache()) {
                    out.println(v.describe());
                    if (v.status() == CacheVerification.Status.MISMATCH) {
                        bad++;
                    }
                }
                return bad == 0 ? OK : FAILED;
            }
            default -> throw new UsageException("unknown action '" + action + "'; expected list, fetch ID or verify");
        }
    }

    private static void requireArgs(List<String> p, int n) {
        if (p.size() > n) {
            throw new UsageException("unexpected argument '" + p.get(n) + "'");
        }
    }

    private static int list(ModelRepository repo, PrintStream out) {
        List<ModelEntry> all = ModelCatalog.all();
        int idW = all.stream().mapToInt(e -> e.id().length()).max().orElse(2);
        String fmt = "%-" + idW + "s  %-10s  %8s  %-6s  %s%n";
        out.printf(Locale.ROOT, fmt, "ID", "TASK", "SIZE", "CACHED", "LICENCE");
        boolean copyleft = false;
        for (ModelEntry e : all) {
            copyleft |= e.copyleft();
            out.printf(Locale.ROOT, fmt, e.id(), e.task() == ModelTask.FACE_DETECTOR ? "detector" : "classifier",
                    size(e.size()), repo.isCached(e) ? "yes" : "no", licence(e));
        }
        out.println();
        if (copyleft) {
            out.println("* copyleft: using these weights may oblige you to publish your application's source.");
        }
        out.println("cache: " + repo.cacheDirectory() + repo.mirror().map(m -> "   mirror: " + m).orElse("")
                + (repo.offline() ? "   (offline)" : ""));
        return OK;
    }

    private static String licence(ModelEntry e) {
        return (e.copyleft() ? "* " : "") + e.license();
    }

    private static String size(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
