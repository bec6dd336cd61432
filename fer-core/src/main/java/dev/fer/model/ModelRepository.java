package dev.fer.model;

import dev.fer.internal.Sha256;

import dev.fer.FerException;
import dev.fer.ModelIntegrityException;
import dev.fer.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds model files by id and guarantees that every file it hands out has the SHA-256 of its {@link ModelEntry}:
 * an explicit file named by the caller, else the cache ({@code <home>/models}), else the configured mirror (a
 * folder or an http(s) base URL), else the entry's upstream URLs in order, unless offline. Thread-safe: the
 * configuration is immutable and one repository may be shared by all threads.
 *
 * <p>Concurrency: threads of one JVM that resolve the same file wait for one another (a per-file lock), and JVMs
 * sharing a cache directory coordinate through a {@link FileLock} on {@code <file>.lock}, so a file is fetched once
 * and the others find it in the cache.
 * Files enter the cache only through a temporary file in the cache directory and an atomic move, after their
 * SHA-256 has been checked, so a reader never sees a partial or unverified file.
 *
 * <p>Integrity: every file is verified before first use. A cached or fetched file with the wrong SHA-256 is
 * deleted, never used; the repository then tries the next source and, when none delivers a good file, throws
 * {@link ModelIntegrityException} naming the file, the expected and the actual hashes. A wrong explicit file throws
 * the same exception but is left where it is. The hashes of files that passed are remembered per path, size,
 * modification time and file key, so resolving a cached model again does not re-read it.
 *
 * <pre>{@code
 * ModelRepository repo = ModelRepository.fromEnvironment();   // FER_HOME, FER_MODEL_MIRROR, FER_OFFLINE
 * Path yunet = repo.resolve("yunet-2023mar").path();
 * }</pre>
 */
public final class ModelRepository {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

    /** Default connect timeout. */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** Default limit on one download attempt, from request to last byte. */
    static final Duration DEFAULT_DOWNLOAD_TIMEOUT = Duration.ofMinutes(10);

    /** One in-process lock per lock file (real path): FileLock alone does not exclude threads of one JVM. */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    /** Hashes of files already read, keyed by absolute path and valid while size, mtime and file key agree. */
    private static final ConcurrentHashMap<Path, HashStamp> HASHES = new ConcurrentHashMap<>();

    private final Path home;
    private final Path cacheDir;
    private final String mirror;
    private final Path mirrorDir;
    private final String mirrorBase;
    private final boolean offline;
    private final Duration connectTimeout;
    private final Duration downloadTimeout;
    private final Map<String, Path> files;
    private final Object downloaderLock = new Object();
    private HttpDownloader downloader;

    private ModelRepository(Builder b, Path home, String mirror, Path mirrorDir, String mirrorBase,
                            Map<String, Path> files) {
        this.home = home;
        this.cacheDir = home.resolve("models");
        this.mirror = mirror;
        this.mirrorDir = mirrorDir;
        this.mirrorBase = mirrorBase;
        this.offline = b.offline;
        this.connectTimeout = b.connectTimeout;
        this.downloadTimeout = b.downloadTimeout;
        this.files = files;
    }

    /**
     * A repository configured from system properties, falling back to environment variables: {@code fer.home} /
     * {@code FER_HOME} (default {@code ~/.fer}; the cache is {@code <home>/models}), {@code fer.model.mirror} /
     * {@code FER_MODEL_MIRROR} (a folder or an http(s) base URL; the file is {@code <mirror>/<fileName>}) and
     * {@code fer.offline} / {@code FER_OFFLINE} ({@code true}, {@code 1}, {@code yes}, {@code on} or {@code false},
     * {@code 0}, {@code no}, {@code off}, in any case). Timeouts take the builder's
     * defaults.
     *
     * @return the repository
     * @throws IllegalArgumentException when a setting is invalid; the message names the property and variable
     */
    public static ModelRepository fromEnvironment() {
        return environmentBuilder(System::getProperty, System::getenv).build();
    }

    /**
     * A builder preset from the given property and environment lookups (see {@link #fromEnvironment()}).
     *
     * @param properties system property lookup
     * @param environment environment variable lookup
     * @return the builder
     */
    static Builder environmentBuilder(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        Builder b = builder();
        String home = setting(properties, environment, "fer.home", "FER_HOME");
        if (home != null) {
            if (home.equals("~") || home.startsWith("~/") || home.startsWith("~\\")) {
                home = System.getProperty("user.home") + home.substring(1);
            }
            try {
                b.home(Paths.get(home));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("The fer home directory set by fer.home / FER_HOME, '" + home
                        + "', is not a valid path: " + e.getMessage() + ".", e);
            }
        }
        String mirror = setting(properties, environment, "fer.model.mirror", "FER_MODEL_MIRROR");
        if (mirror != null) {
            b.mirror(mirror);
        }
        String offline = setting(properties, environment, "fer.offline", "FER_OFFLINE");
        if (offline != null) {
            switch (offline.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> b.offline(true);
                case "false", "0", "no", "off" -> b.offline(false);
                default -> throw new IllegalArgumentException("The offline setting fer.offline / FER_OFFLINE must "
                        + "be true, 1, yes or on (offline) or false, 0, no or off (online), got '" + offline + "'.");
            }
        }
        return b;
    }

    private static String setting(UnaryOperator<String> properties, UnaryOperator<String> environment,
                                  String property, String variable) {
        String v = properties.apply(property);
        if (v == null || v.isBlank()) {
            v = environment.apply(variable);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * A builder with the defaults: home {@code ~/.fer}, no mirror, online, connect timeout 30 s, download timeout
     * 10 min, no explicit files. Environment variables are not read; use {@link #fromEnvironment()} and
     * {@link #toBuilder()} for that.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this repository's configuration, to derive a variant (for example with an explicit file).
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().home(home).mirror(mirror).offline(offline).connectTimeout(connectTimeout)
                .downloadTimeout(downloadTimeout);
        files.forEach(b::file);
        return b;
    }

    /**
     * Resolves a catalogued model (see {@link #resolve(ModelEntry)}).
     *
     * @param id a catalog id, for example {@code yunet-2023mar}
     * @return the verified file
     * @throws IllegalArgumentException when the id is not catalogued; the message lists the known ids
     * @throws ModelIntegrityException when a file with the wrong SHA-256 was found and no good one
     * @throws ModelLoadException when no source has the file (offline, unreachable, HTTP error, timeout)
     */
    public ResolvedModel resolve(String id) {
        return resolve(ModelCatalog.get(id));
    }

    /**
     * Resolves a model, catalogued or the caller's own, in this order: the explicit file registered for its id;
     * the cache; the mirror; the entry's URLs in order (skipped when offline). Fetched files are verified and
     * moved into the cache. Blocks while another thread or process fetches the same file.
     *
     * @param entry the model
     * @return the verified file and where it came from
     * @throws ModelIntegrityException when the explicit file, or every file found, has the wrong SHA-256; the
     *     message names each file with its expected and actual hashes
     * @throws ModelLoadException when no source has the file; the message lists what was tried (with URLs, HTTP
     *     statuses and timeouts) and says where to place the file or how to set {@code FER_MODEL_MIRROR}
     */
    public ResolvedModel resolve(ModelEntry entry) {
        Objects.requireNonNull(entry, "entry");
        Path explicit = files.get(entry.id());
        if (explicit != null) {
            return resolveExplicit(entry, explicit);
        }
        Path target = cacheDir.resolve(entry.fileName());
        // Files appear in the cache only by atomic move after verification, so a present file is complete.
        if (Files.isRegularFile(target)) {
            try {
                String actual = hash(target);
                if (actual.equals(entry.sha256())) {
                    LOG.debug("Model '{}' found in the cache at {}", entry.id(), target);
                    return new ResolvedModel(entry, target, actual, ResolvedModel.Source.CACHE);
                }
            } catch (IOException e) {
                LOG.debug("Cannot read cached model {}; resolving under the lock", target, e);
            }
        }
        return withFileLock(target, () -> resolveLocked(entry, target));
    }

    /**
     * Whether a catalogued model is in the cache with the right SHA-256 (remembered hashes are reused). Explicit
     * files do not count.
     *
     * @param id a catalog id
     * @return {@code true} when the cache holds a copy with the catalog's SHA-256
     * @throws IllegalArgumentException when the id is not catalogued
     */
    public boolean isCached(String id) {
        return isCached(ModelCatalog.get(id));
    }

    /**
     * Whether a model is in the cache with the right SHA-256 (remembered hashes are reused).
     *
     * @param entry the model
     * @return {@code true} when the cached file exists and verifies
     */
    public boolean isCached(ModelEntry entry) {
        Path target = cacheDir.resolve(entry.fileName());
        try {
            return Files.isRegularFile(target) && hash(target).equals(entry.sha256());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Re-hashes every catalogued model present in the cache (ignoring remembered hashes) and deletes the ones whose
     * SHA-256 is wrong, after {@linkplain #removeStalePartFiles() removing stale partial downloads}. For the
     * {@code models verify} command.
     *
     * @return one result per catalogued model, in catalog order
     * @throws ModelLoadException when a cached file exists but cannot be read or deleted
     */
    public List<CacheVerification> verifyCache() {
        removeStalePartFiles();
        List<CacheVerification> report = new ArrayList<>();
        for (ModelEntry entry : ModelCatalog.all()) {
            Path target = cacheDir.resolve(entry.fileName());
            if (!Files.exists(target)) {
                report.add(new CacheVerification(entry, target, CacheVerification.Status.MISSING, null));
                continue;
            }
            report.add(withFileLock(target, () -> {
                if (!Files.exists(target)) {
                    return new CacheVerification(entry, target, CacheVerification.Status.MISSING, null);
                }
                String actual;
                try {
                    HASHES.remove(target);
                    actual = hash(target);
                } catch (IOException e) {
                    throw new ModelLoadException("Cannot read the cached model file " + target + " to verify it: "
                            + e.getMessage() + ".", e);
                }
                if (actual.equals(entry.sha256())) {
                    return new CacheVerification(entry, target, CacheVerification.Status.OK, actual);
                }
                LOG.warn("Cached model '{}' at {} has SHA-256 {} but the catalog expects {}; deleting it",
                        entry.id(), target, actual, entry.sha256());
                deleteOrThrow(target);
                return new CacheVerification(entry, target, CacheVerification.Status.MISMATCH, actual);
            }));
        }
        return List.copyOf(report);
    }

    /**
     * Deletes the partial downloads ({@code .<file>.<random>.part}) that runs killed mid-fetch left in the cache. A
     * partial file of a catalogued model is deleted while holding that model's lock, so a fetch in flight in this or
     * another process is never disturbed; each {@link #resolve(ModelEntry) resolve} also removes its model's stale
     * partial files before fetching.
     *
     * @return the files deleted, sorted
     * @throws ModelLoadException when the cache folder cannot be listed
     */
    public List<Path> removeStalePartFiles() {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        for (ModelEntry entry : ModelCatalog.all()) {
            Path target = cacheDir.resolve(entry.fileName());
            if (!stalePartFiles(entry).isEmpty()) {
                removed.addAll(withFileLock(target, () -> deleteStaleParts(entry)));
            }
        }
        Collections.sort(removed);
        return List.copyOf(removed);
    }

    private List<Path> stalePartFiles(ModelEntry entry) {
        String prefix = "." + entry.fileName() + ".";
        List<Path> parts = new ArrayList<>();
        try (var list = Files.newDirectoryStream(cacheDir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".part");
        })) {
            list.forEach(parts::add);
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new ModelLoadException("Cannot list the model cache directory " + cacheDir + " ("
                    + reason(e, cacheDir) + ").", e);
        }
        return parts;
    }

    /** Call with the entry's lock held: no fetch of it is in flight, so every partial file of it is stale. */
    private List<Path> deleteStaleParts(ModelEntry entry) {
        List<Path> removed = new ArrayList<>();
        for (Path part : stalePartFiles(entry)) {
            try {
                if (Files.deleteIfExists(part)) {
                    removed.add(part);
                    LOG.info("Removed the partial download {} left by an interrupted fetch of model '{}'", part,
                            entry.id());
                }
            } catch (IOException e) {
                LOG.warn("Cannot delete the stale partial download {} ({})", part, reason(e, part));
            }
        }
        return removed;
    }

    /**
     * Why a file operation failed, without repeating the path the caller's message already names.
     *
     * @param e the failure
     * @param named the path the message names
     * @return for example {@code permission denied} or {@code Not a directory}
     */
    static String reason(IOException e, Path named) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            String why = f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
            String file = f.getFile();
            boolean sameFile = file == null || named == null || Path.of(file).toAbsolutePath().normalize()
                    .equals(named.toAbsolutePath().normalize());
            return sameFile ? why : why + ": " + file;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * The SHA-256 of a file, read in full.
     *
     * @param file a readable file
     * @return 64 lower-case hex digits
     * @throws ModelLoadException when the file cannot be read
     */
    public static String sha256(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return sha256Of(file);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read " + file + " to compute its SHA-256: " + e.getMessage() + ".",
                    e);
        }
    }

    /**
     * The fer home directory.
     *
     * @return an absolute path
     */
    public Path home() {
        return home;
    }

    /**
     * The cache directory, {@code home()/models}; created on the first fetch.
     *
     * @return an absolute path
     */
    public Path cacheDirectory() {
        return cacheDir;
    }

    /**
     * The mirror: an absolute folder path or an http(s) base URL.
     *
     * @return the mirror, or empty when none is configured
     */
    public Optional<String> mirror() {
        return Optional.ofNullable(mirror);
    }

    /**
     * Whether upstream downloads are disabled (the explicit file, the cache and a configured mirror still apply).
     *
     * @return the offline flag
     */
    public boolean offline() {
        return offline;
    }

    /**
     * The longest a connection to a download server may take to open.
     *
     * @return a positive duration
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The longest one download attempt (one URL) may take, from request to last byte.
     *
     * @return a positive duration
     */
    public Duration downloadTimeout() {
        return downloadTimeout;
    }

    /**
     * The explicit files registered with {@link Builder#file(String, Path)}.
     *
     * @return an immutable map from model id to absolute path
     */
    public Map<String, Path> files() {
        return files;
    }

    @Override
    public String toString() {
        return "ModelRepository[home=" + home + ", mirror=" + mirror + ", offline=" + offline + ", files="
                + files.keySet() + "]";
    }

    // ---------------------------------------------------------------------------------------------- resolution

    private ResolvedModel resolveExplicit(ModelEntry entry, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("The file given for model '" + entry.id() + "' does not exist or is not "
                    + "a regular file: " + file + ". Fix the path passed to ModelRepository.Builder.file(...).");
        }
        String actual;
        try {
            actual = hash(file);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read the file given for model '" + entry.id() + "', " + file
                    + ": " + e.getMessage() + ".", e);
        }
        if (!actual.equals(entry.sha256())) {
            throw new ModelIntegrityException("The file given for model '" + entry.id() + "', " + file
                    + ", has SHA-256 " + actual + " but the model expects " + entry.sha256() + " (file "
                    + entry.fileName() + "). It was not used (nor deleted): pass the right file, or describe this "
                    + "file with its own ModelEntry.");
        }
        LOG.debug("Model '{}' uses the explicit file {}", entry.id(), file);
        return new ResolvedModel(entry, file, actual, ResolvedModel.Source.EXPLICIT);
    }

    private ResolvedModel resolveLocked(ModelEntry entry, Path target) {
        deleteStaleParts(entry);
        List<String> failures = new ArrayList<>();
        boolean integrity = false;
        if (Files.exists(target)) {
            try {
                String actual = hash(target);
                if (actual.equals(entry.sha256())) {
                    LOG.debug("Model '{}' found in the cache at {}", entry.id(), target);
                    return new ResolvedModel(entry, target, actual, ResolvedModel.Source.CACHE);
                }
                LOG.warn("Cached model '{}' at {} has SHA-256 {} but {} is expected; deleting it", entry.id(),
                        target, actual, entry.sha256());
                deleteOrThrow(target);
                failures.add("the cached file " + target + " had SHA-256 " + actual + " instead of "
                        + entry.sha256() + " and was deleted");
                integrity = true;
            } catch (IOException e) {
                LOG.warn("Cannot read cached model {}; deleting it", target, e);
                deleteOrThrow(target);
                failures.add("the cached file " + target + " could not be read (" + e.getMessage()
                        + ") and was deleted");
            }
        }
        if (mirrorDir != null) {
            Path source = mirrorDir.resolve(entry.fileName());
            if (Files.isRegularFile(source)) {
                try {
                    return fetch(entry, target, ResolvedModel.Source.MIRROR, "the mirror file " + source,
                            tmp -> copyHashing(source, tmp, entry));
                } catch (FetchFailure f) {
                    failures.add(f.getMessage());
                    integrity |= f.integrity();
                }
            } else {
                failures.add("the mirror folder " + mirrorDir + " has no file " + entry.fileName());
            }
        }
        if (mirrorBase != null) {
            URI url = URI.create(mirrorBase + entry.fileName());
            try {
                return fetch(entry, target, ResolvedModel.Source.MIRROR, "the mirror URL " + url,
                        tmp -> downloader().download(url, tmp, entry));
            } catch (FetchFailure f) {
                failures.add(f.getMessage());
                integrity |= f.integrity();
            }
        }
        if (!offline) {
            for (URI url : entry.urls()) {
                try {
                    return fetch(entry, target, ResolvedModel.Source.DOWNLOAD, url.toString(),
                            tmp -> downloader().download(url, tmp, entry));
                } catch (FetchFailure f) {
                    failures.add(f.getMessage());
                    integrity |= f.integrity();
                }
            }
            if (entry.urls().isEmpty()) {
                failures.add("the entry has no download URL");
            }
        }
        throw notFound(entry, target, failures, integrity);
    }

    /** Writes a source into a temporary file and returns the SHA-256 of what was written. */
    @FunctionalInterface
    private interface Transfer {
        String into(Path tmp) throws IOException, FetchFailure;
    }

    private ResolvedModel fetch(ModelEntry entry, Path target, ResolvedModel.Source source, String from,
                                Transfer transfer) throws FetchFailure {
        Path tmp;
        try {
            tmp = Files.createTempFile(cacheDir, "." + entry.fileName() + ".", ".part");
        } catch (IOException e) {
            throw new FetchFailure("cannot create a temporary file in " + cacheDir + " (" + reason(e, cacheDir) + ")",
                    false);
        }
        try {
            LOG.info("Fetching model '{}' ({}) from {}", entry.id(), entry.fileName(), from);
            String actual = transfer.into(tmp);
            if (!actual.equals(entry.sha256())) {
                long size = Files.size(tmp);
                throw new FetchFailure(from + " has SHA-256 " + actual + " (" + size + " bytes) but model '"
                        + entry.id() + "' expects " + entry.sha256()
                        + (entry.hasKnownSize() ? " (" + entry.size() + " bytes)" : "") + "; the copy was deleted",
                        true);
            }
            makeReadable(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            remember(target, actual);
            LOG.info("Model '{}' verified (sha256 {}) and stored at {}", entry.id(), actual, target);
            return new ResolvedModel(entry, target, actual, source);
        } catch (FetchFailure f) {
            LOG.warn("Model '{}': {}", entry.id(), f.getMessage());
            throw f;
        } catch (IOException e) {
            FetchFailure f = new FetchFailure("copying " + from + " into the cache failed (" + e + ")", false);
            LOG.warn("Model '{}': {}", entry.id(), f.getMessage());
            throw f;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.warn("Cannot delete the temporary file {}", tmp, e);
            }
        }
    }

    private FerException notFound(ModelEntry entry, Path target, List<String> failures, boolean integrity) {
        StringBuilder m = new StringBuilder();
        if (offline) {
            m.append("Model '").append(entry.id()).append("' (file ").append(entry.fileName())
                    .append(") is not in the cache and offline mode is on (fer.offline / FER_OFFLINE), so it was "
                            + "not downloaded.");
        } else {
            m.append("Could not obtain model '").append(entry.id()).append("' (file ").append(entry.fileName())
                    .append(") from any source.");
        }
        m.append(" Expected SHA-256 ").append(entry.sha256()).append('.');
        if (!failures.isEmpty()) {
            m.append(" Tried:");
            for (String f : failures) {
                m.append("\n  - ").append(f).append(';');
            }
            m.setLength(m.length() - 1);
            m.append(".\n");
        } else {
            m.append(' ');
        }
        m.append("To fix it, place ").append(entry.fileName()).append(" at ").append(target)
                .append(", or set FER_MODEL_MIRROR (or -Dfer.model.mirror) to a folder or http(s) URL that "
                        + "contains ").append(entry.fileName());
        if (offline) {
            m.append(", or turn offline mode off (FER_OFFLINE=false)");
        }
        m.append('.');
        return integrity ? new ModelIntegrityException(m.toString()) : new ModelLoadException(m.toString());
    }

    private HttpDownloader downloader() {
        synchronized (downloaderLock) {
            if (downloader == null) {
                downloader = new HttpDownloader(connectTimeout, downloadTimeout);
            }
            return downloader;
        }
    }

    // ------------------------------------------------------------------------------------------------- locking

    private <T> T withFileLock(Path target, Supplier<T> action) {
        Path lockFile;
        try {
            Files.createDirectories(cacheDir);
            lockFile = cacheDir.toRealPath().resolve(target.getFileName() + ".lock");
        } catch (IOException e) {
            throw new ModelLoadException("Cannot create the model cache directory " + cacheDir + " ("
                    + reason(e, cacheDir) + "). Set FER_HOME (or -Dfer.home) to a writable folder.", e);
        }
        ReentrantLock lock = LOCKS.computeIfAbsent(lockFile, k -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException("Interrupted while waiting for another thread to fetch " + target + ".", e);
        }
        // Closing the channel releases the process lock taken on it.
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lockProcess(channel, lockFile);
            return action.get();
        } catch (ClosedByInterruptException | FileLockInterruptionException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException("Interrupted while waiting for another process to fetch " + target + ".",
                    e);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot open the lock file " + lockFile + " (" + reason(e, lockFile)
                    + "). Set FER_HOME (or -Dfer.home) to a writable folder.", e);
        } finally {
            lock.unlock();
        }
    }

    private static void lockProcess(FileChannel channel, Path lockFile) throws IOException {
        try {
            channel.lock();
        } catch (ClosedByInterruptException | FileLockInterruptionException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("File locking is not supported for {} ({}); concurrent JVMs may download the same model twice, "
                    + "which is safe but wasteful", lockFile, e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------- hashing

    /** A remembered hash, valid while the file's size, modification time and key are unchanged. */
    private record HashStamp(long size, FileTime modified, Object fileKey, String sha256) {
        boolean matches(BasicFileAttributes a) {
            return size == a.size() && modified.equals(a.lastModifiedTime()) && Objects.equals(fileKey, a.fileKey());
        }
    }

    private static String hash(Path file) throws IOException {
        Path key = file.toAbsolutePath().normalize();
        BasicFileAttributes before = Files.readAttributes(key, BasicFileAttributes.class);
        HashStamp stamp = HASHES.get(key);
        if (stamp != null && stamp.matches(before)) {
            return stamp.sha256();
        }
        String sha = sha256Of(key);
        BasicFileAttributes after = Files.readAttributes(key, BasicFileAttributes.class);
        HashStamp fresh = new HashStamp(before.size(), before.lastModifiedTime(), before.fileKey(), sha);
        if (fresh.matches(after)) {
            HASHES.put(key, fresh);
        }
        return sha;
    }

    private static void remember(Path file, String sha) {
        Path key = file.toAbsolutePath().normalize();
        try {
            BasicFileAttributes a = Files.readAttributes(key, BasicFileAttributes.class);
            HASHES.put(key, new HashStamp(a.size(), a.lastModifiedTime(), a.fileKey(), sha));
        } catch (IOException e) {
            HASHES.remove(key);
        }
    }

    private static void deleteOrThrow(Path file) {
        HASHES.remove(file.toAbsolutePath().normalize());
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new ModelIntegrityException("The cached model file " + file + " failed verification and could "
                    + "not be deleted (" + e.getMessage() + "); delete it by hand.", e);
        }
    }

    private static String sha256Of(Path file) throws IOException {
        return Sha256.of(file);
    }

    /**
     * Copies a mirror file into the temporary file, hashing on the way. A file whose size differs from the
     * catalogued one is refused before copying, and at most the catalogued size plus one byte is ever read, so a
     * wrong (or growing) gigabyte file costs nothing.
     */
    private static String copyHashing(Path source, Path tmp, ModelEntry entry) throws IOException, FetchFailure {
        if (entry.hasKnownSize()) {
            long size = Files.size(source);
            if (size != entry.size()) {
                throw new FetchFailure("the mirror file " + source + " has " + size + " bytes but model '"
                        + entry.id() + "' has " + entry.size() + " bytes (SHA-256 " + entry.sha256()
                        + "); it was not copied", true);
            }
        }
        long limit = entry.hasKnownSize() ? entry.size() + 1 : Long.MAX_VALUE;
        long copied = 0;
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(source);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while (copied < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - copied))) >= 0) {
                copied += n;
                digest.update(buffer, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            out.force(true);
        }
        return Sha256.hex(digest);
    }

    private static void makeReadable(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Cannot set permissions on {}", file, e);
        }
    }

    /**
     * A new SHA-256 digest.
     *
     * @return the digest
     */
    static MessageDigest newDigest() {
        return Sha256.digest();
    }

    // ------------------------------------------------------------------------------------------------- builder

    /**
     * Configures a {@link ModelRepository}. Not thread-safe: confine a builder to one thread.
     *
     * <p>{@link #build()} validates all fields together and may be called more than once.
     */
    public static final class Builder {
        private Path home = Paths.get(System.getProperty("user.home"), ".fer");
        private String mirror;
        private boolean offline;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration downloadTimeout = DEFAULT_DOWNLOAD_TIMEOUT;
        private final Map<String, Path> files = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The fer home directory; the cache is {@code <home>/models}. Default: {@code ~/.fer}.
         *
         * @param home a directory (created on the first fetch)
         * @return this builder
         */
        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /**
         * The mirror consulted after the cache: an existing folder, or an http(s) base URL; the model file is
         * {@code <mirror>/<fileName>}. Default: none. {@code null} or blank removes the mirror.
         *
         * @param mirror a folder path, a {@code file:} URI, or an {@code http://} / {@code https://} URL
         * @return this builder
         */
        public Builder mirror(String mirror) {
            this.mirror = mirror;
            return this;
        }

        /**
         * Whether upstream downloads are disabled; the explicit file, the cache and the mirror still apply.
         * Default: {@code false}.
         *
         * @param offline {@code true} to never contact upstream servers
         * @return this builder
         */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /**
         * The longest a connection to a download server (mirror URL or upstream) may take to open. Default: 30 s.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * The longest one download attempt (one URL) may take from request to last byte, stalls included; when it
         * passes, the attempt fails and the next URL is tried. Default: 10 min.
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder downloadTimeout(Duration timeout) {
            this.downloadTimeout = timeout;
            return this;
        }

        /**
         * Uses this file for a model id instead of the cache, mirror and downloads. The file is still verified
         * against the entry's SHA-256 on resolve, and never copied or deleted. Default: none.
         *
         * @param id a model id (catalogued, or the id of the caller's {@link ModelEntry})
         * @param file the model file
         * @return this builder
         */
        public Builder file(String id, Path file) {
            files.put(id, file);
            return this;
        }

        /**
         * Validates the settings together and creates the repository. Nothing is created on disk.
         *
         * @return the repository
         * @throws IllegalArgumentException when a setting is invalid; the message is a full sentence naming it
         */
        public ModelRepository build() {
            if (home == null) {
                throw new IllegalArgumentException("The fer home directory must be set; the default is ~/.fer.");
            }
            Path absHome = home.toAbsolutePath().normalize();
            if (Files.exists(absHome) && !Files.isDirectory(absHome)) {
                throw new IllegalArgumentException("The fer home " + absHome + " exists but is not a directory; "
                        + "point home (FER_HOME) at a directory.");
            }
            requirePositive(connectTimeout, "connect timeout");
            requirePositive(downloadTimeout, "download timeout");
            String mirrorText = null;
            Path mirrorDir = null;
            String mirrorBase = null;
            if (mirror != null && !mirror.isBlank()) {
                String m = mirror.trim();
                String lower = m.toLowerCase(Locale.ROOT);
                if (lower.startsWith("http://") || lower.startsWith("https://")) {
                    mirrorBase = httpMirror(m);
                    mirrorText = mirrorBase;
                } else {
                    mirrorDir = directoryMirror(m, lower);
                    mirrorText = mirrorDir.toString();
                }
            }
            Map<String, Path> checked = new LinkedHashMap<>();
            for (Map.Entry<String, Path> e : files.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("An explicit model file was registered without a model id.");
                }
                ModelEntry.requireSafeName(e.getKey(), "model id");
                if (e.getValue() == null) {
                    throw new IllegalArgumentException("The explicit file for model '" + e.getKey()
                            + "' must not be null.");
                }
                Path f = e.getValue().toAbsolutePath().normalize();
                if (Files.isDirectory(f)) {
                    throw new IllegalArgumentException("The explicit file for model '" + e.getKey() + "', " + f
                            + ", is a directory; pass the model file itself.");
                }
                checked.put(e.getKey(), f);
            }
            return new ModelRepository(this, absHome, mirrorText, mirrorDir, mirrorBase,
                    Collections.unmodifiableMap(checked));
        }

        private static void requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("The " + what + " must be a positive duration, got " + d + ".");
            }
        }

        private static String httpMirror(String m) {
            URI uri;
            try {
                uri = new URI(m);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("The model mirror URL '" + m + "' is not a valid URL: "
                        + e.getMessage() + ".", e);
            }
            if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new IllegalArgumentException("The model mirror URL '" + m + "' must be an http(s) base URL "
                        + "with a host and without query or fragment, for example https://models.example.com/fer/.");
            }
            return m.endsWith("/") ? m : m + "/";
        }

        private static Path directoryMirror(String m, String lower) {
            if (!lower.startsWith("file:") && lower.matches("[a-z][a-z0-9+.-]+://.*")) {
                throw new IllegalArgumentException("The model mirror '" + m + "' uses an unsupported scheme; "
                        + "use a folder path or an http:// or https:// URL.");
            }
            Path dir;
            try {
                dir = lower.startsWith("file:") ? Paths.get(URI.create(m)) : Paths.get(m);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The model mirror '" + m + "' is neither a valid folder path nor "
                        + "an http(s) URL: " + e.getMessage() + ".", e);
            }
            dir = dir.toAbsolutePath().normalize();
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("The model mirror folder " + dir + " does not exist or is not "
                        + "a directory; set the mirror (FER_MODEL_MIRROR / fer.model.mirror) to an existing folder "
                        + "or an http(s) URL.");
            }
            return dir;
        }
    }
}
