package dev.fer.model;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One model file that fer-java can resolve: where to download it, the SHA-256 and size it must have, its licence and
 * the tensors it must expose. {@link ModelCatalog} holds the built-in entries; callers may construct their own and
 * pass them to {@link ModelRepository#resolve(ModelEntry)}. Immutable and thread-safe.
 *
 * <p>The compact constructor validates every field, so an entry can never name a file
 * outside the cache directory: ids and file names consist of letters, digits, {@code .}, {@code _} and {@code -}
 * only, start with a letter or digit, never contain {@code ..} and never contain a path separator.
 *
 * @param id the catalog id, for example {@code yunet-2023mar}
 * @param task what the model does
 * @param fileName the file name in the cache and in mirrors, for example {@code face_detection_yunet_2023mar.onnx}
 * @param urls upstream download locations (http or https), tried in order; may be empty for a model that only
 *     comes from an explicit file, the cache or a mirror
 * @param sha256 the expected SHA-256 of the file as 64 hex digits (stored in lower case)
 * @param size the expected size in bytes, or {@code -1} when unknown (the SHA-256 is always checked)
 * @param license the licence in a few words, for example {@code MIT} or {@code GPL-3.0}
 * @param copyleft whether the licence is copyleft (GPL, AGPL): such weights must be flagged to users
 * @param contract the inputs and outputs the model file must have; {@link ModelContract#ANY} to skip the check
 * @param description one or two sentences for listings, for example the {@code models list} command
 */
public record ModelEntry(String id, ModelTask task, String fileName, List<URI> urls, String sha256, long size,
                         String license, boolean copyleft, ModelContract contract, String description) {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_NAME_LENGTH = 200;

    /**
     * Validates the fields, copies the URL list and lowercases the hash.
     *
     * @throws IllegalArgumentException when a field is invalid; the message names the field and the rule
     * @throws NullPointerException when a field is {@code null}
     */
    public ModelEntry {
        requireSafeName(id, "model id");
        Objects.requireNonNull(task, "task");
        requireSafeName(fileName, "model file name");
        if (fileName.endsWith(".lock") || fileName.endsWith(".part")) {
            throw new IllegalArgumentException("The model file name '" + fileName + "' of model '" + id
                    + "' must not end with .lock or .part: those names are reserved for the cache's lock and "
                    + "temporary files.");
        }
        urls = List.copyOf(urls);
        for (URI url : urls) {
            requireHttpUrl(url, id);
        }
        Objects.requireNonNull(sha256, "sha256");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("The SHA-256 of model '" + id + "' must be 64 hexadecimal digits, "
                    + "got '" + sha256 + "'.");
        }
        if (size < 1 && size != -1) {
            throw new IllegalArgumentException("The size of model '" + id + "' must be a positive number of bytes "
                    + "or -1 (unknown), got " + size + ".");
        }
        Objects.requireNonNull(license, "license");
        if (license.isBlank()) {
            throw new IllegalArgumentException("The licence of model '" + id + "' must not be blank; write "
                    + "'unknown' when it is not known.");
        }
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(description, "description");
    }

    /**
     * Whether the expected size is known.
     *
     * @return {@code size() != -1}
     */
    public boolean hasKnownSize() {
        return size != -1;
    }

    /**
     * Checks that a model id or file name can be used as a single file name inside the cache directory.
     *
     * @param name the id or file name
     * @param what {@code "model id"} or {@code "model file name"}, for the message
     * @return {@code name}
     * @throws IllegalArgumentException when the name could escape the cache directory or has other characters
     */
    static String requireSafeName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.length() > MAX_NAME_LENGTH || !SAFE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("The " + what + " '" + name + "' is not allowed: use 1 to "
                    + MAX_NAME_LENGTH + " letters, digits, '.', '_' or '-', starting with a letter or digit, "
                    + "without '..' and without path separators.");
        }
        return name;
    }

    private static void requireHttpUrl(URI url, String id) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("The download URL '" + url + "' of model '" + id
                    + "' must be an absolute http or https URL with a host.");
        }
    }
}
