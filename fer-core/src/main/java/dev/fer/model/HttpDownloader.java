package dev.fer.model;

import dev.fer.ModelLoadException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one HTTP(S) URL into a file while hashing it, with a connect timeout and an overall deadline, logging
 * progress for large files. Thread-safe: the underlying {@link HttpClient} is shared and every call uses its own
 * subscriber.
 */
final class HttpDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(HttpDownloader.class);
    private static final long PROGRESS_THRESHOLD = 1L << 20;
    private static final String USER_AGENT = "fer-java model downloader (dev.fer:fer-core)";

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration downloadTimeout;

    /**
     * Creates a downloader.
     *
     * @param connectTimeout the longest a TCP/TLS connection may take to open
     * @param downloadTimeout the longest one URL may take from request to last byte
     */
    HttpDownloader(Duration connectTimeout, Duration downloadTimeout) {
        this.connectTimeout = connectTimeout;
        this.downloadTimeout = downloadTimeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Downloads {@code uri} into {@code file} (truncating it).
     *
     * @param uri the URL
     * @param file an existing, writable temporary file
     * @param entry the model, for its expected size and the log lines
     * @return the SHA-256 of the bytes written, lower-case hex
     * @throws FetchFailure when the server cannot be reached, answers with an error status, announces or sends
     *     more bytes than the entry's size, or the deadline passes (a short body is caught by the caller's hash
     *     check)
     * @throws ModelLoadException when the calling thread is interrupted (the interrupt flag is restored)
     */
    String download(URI uri, Path file, ModelEntry entry) throws FetchFailure {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(downloadTimeout)
                .header("User-Agent", USER_AGENT)
                .GET()
                .build();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            FileSubscriber body = new FileSubscriber(out, uri, entry);
            CompletableFuture<HttpResponse<Void>> future = client.sendAsync(request, info -> {
                if (info.statusCode() != 200) {
                    return HttpResponse.BodySubscribers.discarding();
                }
                body.announce(info.headers().firstValueAsLong("Content-Length").orElse(-1L));
                return body;
            });
            HttpResponse<Void> response;
            try {
                response = future.get(downloadTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                body.cancel();
                throw new FetchFailure("downloading " + uri + " timed out after " + format(downloadTimeout)
                        + " (the download timeout; " + body.received() + " bytes had arrived); raise it with "
                        + "ModelRepository.Builder.downloadTimeout(...) or use a mirror", false);
            } catch (InterruptedException e) {
                future.cancel(true);
                body.cancel();
                Thread.currentThread().interrupt();
                throw new ModelLoadException("Interrupted while downloading model '" + entry.id() + "' from "
                        + uri + "; nothing was stored in the cache.", e);
            } catch (ExecutionException e) {
                body.cancel();
                throw describe(e.getCause(), uri);
            } catch (CancellationException e) {
                body.cancel();
                throw new FetchFailure("downloading " + uri + " was cancelled", false);
            }
            if (response.statusCode() != 200) {
                throw new FetchFailure("HTTP " + response.statusCode() + " from " + response.uri()
                        + (response.uri().equals(uri) ? "" : " (redirected from " + uri + ")"), false);
            }
            out.force(true);
            return body.sha256();
        } catch (IOException e) {
            throw new FetchFailure("cannot write the download of " + uri + " to " + file + ": " + e.getMessage(),
                    false);
        }
    }

    private FetchFailure describe(Throwable cause, URI uri) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SizeMismatch m) {
                return new FetchFailure(m.getMessage(), true);
            }
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchFailure("connecting to " + uri + " timed out after " + format(connectTimeout)
                    + " (the connect timeout)", false);
        }
        if (cause instanceof HttpTimeoutException) {
            return new FetchFailure("no response from " + uri + ": timed out after " + format(downloadTimeout)
                    + " (the download timeout); raise it with ModelRepository.Builder.downloadTimeout(...) or use a "
                    + "mirror", false);
        }
        if (cause instanceof ConnectException) {
            return new FetchFailure("cannot connect to " + uri
                    + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"), false);
        }
        String detail = cause == null ? "unknown error" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new FetchFailure("downloading " + uri + " failed (" + detail + ")", false);
    }

    /**
     * Formats a timeout for messages: {@code 10 min}, {@code 30 s} or {@code 250 ms}.
     *
     * @param d a positive duration
     * @return the text
     */
    static String format(Duration d) {
        long ms = d.toMillis();
        if (ms >= 60_000 && ms % 60_000 == 0) {
            return (ms / 60_000) + " min";
        }
        if (ms >= 1000 && ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        return ms + " ms";
    }

    /** The body was longer or shorter than the catalog size. */
    private static final class SizeMismatch extends IOException {
        private static final long serialVersionUID = 1L;

        SizeMismatch(String message) {
            super(message);
        }
    }

    /**
     * Writes the response body to the file and hashes it; cancellable from the waiting thread. The lock on
     * {@code this} guarantees that after {@link #cancel()} returns no write is in progress or will start.
     */
    private static final class FileSubscriber implements HttpResponse.BodySubscriber<Void> {
        private final FileChannel out;
        private final URI uri;
        private final ModelEntry entry;
        private final MessageDigest digest = ModelRepository.newDigest();
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private boolean cancelled;
        private long received;
        private long total = -1;
        private int loggedQuarter;

        FileSubscriber(FileChannel out, URI uri, ModelEntry entry) {
            this.out = out;
            this.uri = uri;
            this.entry = entry;
        }

        synchronized void announce(long contentLength) {
            total = entry.hasKnownSize() ? entry.size() : contentLength;
            if (contentLength >= 0 && entry.hasKnownSize() && contentLength != entry.size()) {
                fail(new SizeMismatch(uri + " announced " + contentLength + " bytes but model '" + entry.id()
                        + "' has " + entry.size() + " (an error page or a Git LFS pointer?); nothing was kept"));
            }
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled || result.isDone()) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            if (cancelled || result.isDone()) {
                return;
            }
            try {
                for (ByteBuffer b : items) {
                    received += b.remaining();
                    digest.update(b.duplicate());
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            } catch (IOException e) {
                fail(e);
                return;
            }
            if (entry.hasKnownSize() && received > entry.size()) {
                fail(new SizeMismatch(uri + " sent more than the " + entry.size() + " bytes of model '"
                        + entry.id() + "'; the download was stopped and nothing was kept"));
                return;
            }
            logProgress();
            subscription.request(1);
        }

        private void logProgress() {
            if (total > PROGRESS_THRESHOLD) {
                int quarter = (int) Math.min(4, received * 4 / total);
                if (quarter > loggedQuarter && quarter < 4) {
                    loggedQuarter = quarter;
                    LOG.info("Downloading model '{}' from {}: {}% ({} of {} bytes)", entry.id(), uri, quarter * 25,
                            received, total);
                }
            }
        }

        @Override
        public synchronized void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public synchronized void onComplete() {
            result.complete(null);
        }

        @Override
        public CompletionStage<Void> getBody() {
            return result;
        }

        private void fail(IOException e) {
            result.completeExceptionally(e);
            if (subscription != null) {
                subscription.cancel();
            }
        }

        synchronized void cancel() {
            cancelled = true;
            if (subscription != null) {
                subscription.cancel();
            }
            result.cancel(false);
        }

        synchronized long received() {
            return received;
        }

        synchronized String sha256() {
            return dev.fer.internal.Sha256.hex(digest);
        }
    }
}
