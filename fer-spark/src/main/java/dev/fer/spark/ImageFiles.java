package dev.fer.spark;

import dev.fer.image.Images;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listing and reading image files through Hadoop's file systems, as the single-JVM {@code batch} command lists and
 * reads a folder: the driver side of {@link FerSpark#listImages} and {@link FerSpark#readImages}, and the executors'
 * reads.
 *
 * <p><b>Thread safety:</b> stateless; safe from any thread.
 */
final class ImageFiles {
    private static final Logger LOG = LoggerFactory.getLogger(ImageFiles.class);

    /** The largest file the executors read into memory (a Java array's limit). */
    static final int MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    /** How many folders of one level are listed at once. */
    static final int LISTING_THREADS = 16;

    private ImageFiles() {
    }

    /** The files {@link FerSpark#listImages} keeps, sorted by path. */
    static List<FileStatus> listImageFiles(String input, Configuration hadoop) throws IOException {
        if (input.isBlank()) {
            throw new IllegalArgumentException("The input is empty: name a folder, a file or a glob.");
        }
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(input);
        FileSystem fs;
        try {
            fs = path.getFileSystem(hadoop);
        } catch (RuntimeException e) {
            // Hadoop reports a file system class missing from the class path (s3a without hadoop-aws) this way.
            throw new IOException("Cannot open the file system of " + input + ": " + FaceRows.rootCause(e).getMessage()
                    + " (is its Hadoop connector on the class path?)", e);
        }
        List<FileStatus> files = new ArrayList<>();
        FileStatus literal = null;
        try {
            // A name as written first: "photos [2024]" is a folder, not a pattern, when it exists.
            literal = fs.getFileStatus(path);
        } catch (FileNotFoundException e) {
            // not there as written: a glob, or missing
        }
        FileStatus[] matches;
        if (literal != null) {
            matches = new FileStatus[] {literal};
        } else if (isGlob(input)) {
            matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new FileNotFoundException("No file or folder matches " + input + ".");
            }
        } else {
            throw new FileNotFoundException("No such file or folder: " + input + ".");
        }
        List<org.apache.hadoop.fs.Path> folders = new ArrayList<>();
        for (FileStatus m : matches) {
            if (m.isDirectory()) {
                folders.add(m.getPath());
            } else {
                files.add(m);
            }
        }
        addFolders(fs, folders, files);
        files.sort(Comparator.comparing(f -> f.getPath().toString()));
        return files;
    }

    /**
     * Lists folders and the folders below them, level by level, {@value #LISTING_THREADS} folders at a time: on an
     * object store or HDFS each listing is a round trip, so a tree such as {@code photos/yyyy/mm/dd/} is listed in
     * about as many round trips as it has levels instead of one per folder.
     */
    private static void addFolders(FileSystem fs, List<org.apache.hadoop.fs.Path> roots, List<FileStatus> files)
            throws IOException {
        // listStatus, as Spark's own index does: listFiles would build a LocatedFileStatus per file, which on the
        // local file system asks each file's permissions through a subprocess (840 files: +3 s).
        boolean local = "file".equals(fs.getScheme());
        ExecutorService pool = null;
        List<Folder> level = new ArrayList<>();
        for (org.apache.hadoop.fs.Path root : roots) {
            level.add(new Folder(root, local ? new Ancestors(realPath(root), null) : null));
        }
        try {
            while (!level.isEmpty()) {
                List<FileStatus[]> listed = new ArrayList<>(level.size());
                if (level.size() == 1) {
                    listed.add(fs.listStatus(level.get(0).path()));
                } else {
                    if (pool == null) {
                        pool = Executors.newFixedThreadPool(LISTING_THREADS, r -> {
                            Thread t = new Thread(r, "fer-spark-listing");
                            t.setDaemon(true);
                            return t;
                        });
                    }
                    List<Future<FileStatus[]>> pending = new ArrayList<>(level.size());
                    for (Folder folder : level) {
                        pending.add(pool.submit(() -> fs.listStatus(folder.path())));
                    }
                    for (Future<FileStatus[]> f : pending) {
                        listed.add(result(f));
                    }
                }
                List<Folder> next = new ArrayList<>();
                for (int i = 0; i < listed.size(); i++) {
                    Ancestors above = level.get(i).ancestors();
                    for (FileStatus f : listed.get(i)) {
                        String name = f.getPath().getName();
                        if (name.startsWith(".")) {
                            continue;
                        }
                        if (f.isDirectory()) {
                            Ancestors with = null;
                            if (above != null) {
                                // A link back to a folder above (a/up -> ..) would be listed again and again, as
                                // many times as the system resolves links; batch's walk skips it too.
                                String real = realPath(f.getPath());
                                if (above.contains(real)) {
                                    LOG.warn("fer-spark: not listing {}: it leads back to {}, a folder above it",
                                            f.getPath(), real);
                                    continue;
                                }
                                with = new Ancestors(real, above);
                            }
                            next.add(new Folder(f.getPath(), with));
                        } else if (isImageName(name)) {
                            files.add(f);
                        }
                    }
                }
                level = next;
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** A folder to list, with the real paths of the folders down to it (local file system only, else null). */
    private record Folder(org.apache.hadoop.fs.Path path, Ancestors ancestors) {
    }

    /** Real paths from a folder up to its listing root, as a linked list shared by siblings. */
    private record Ancestors(String real, Ancestors parent) {
        boolean contains(String path) {
            for (Ancestors a = this; a != null; a = a.parent) {
                if (a.real.equals(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static String realPath(org.apache.hadoop.fs.Path p) {
        String path = p.toUri().getPath();
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }

    private static FileStatus[] result(Future<FileStatus[]> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while listing the input.");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }

    /** {@link Images#hasImageExtension} on a name, without making it a {@link Path} first. */
    static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && Images.FILE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static String anyCaseGlob(List<String> extensions) {
        StringBuilder sb = new StringBuilder("*.{");
        for (int i = 0; i < extensions.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            for (char c : extensions.get(i).toCharArray()) {
                char lower = Character.toLowerCase(c);
                char upper = Character.toUpperCase(c);
                sb.append(lower == upper ? String.valueOf(c) : "[" + lower + upper + "]");
            }
        }
        return sb.append('}').toString();
    }

    static boolean isGlob(String input) {
        return input.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    static byte[] readAll(String path, Configuration hadoop) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        URI uri = p.toUri();
        if ("file".equals(uri.getScheme()) || uri.getScheme() == null && hadoop.get("fs.defaultFS", "file:///")
                .startsWith("file:")) {
            // Directly: Hadoop's local file system looks for a checksum file first, whose name it cannot build for
            // a file name with a colon ("a:b.jpg"), which batch reads fine.
            Path local = Path.of(uri.getPath());
            try {
                long size = Files.size(local);
                if (size > MAX_FILE_BYTES) {
                    throw tooLarge(path, size);
                }
                return Files.readAllBytes(local);
            } catch (NoSuchFileException e) {
                throw new FileNotFoundException("File " + path + " does not exist");
            }
        }
        FileSystem fs = p.getFileSystem(hadoop);
        try (InputStream in = fs.open(p)) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES);
            if (in.read() != -1) {
                throw tooLarge(path, -1);
            }
            return content;
        }
    }

    private static IOException tooLarge(String path, long size) {
        return new IOException("File " + path + " is " + (size < 0 ? "over " + MAX_FILE_BYTES : size)
                + " bytes; one image file can hold at most " + MAX_FILE_BYTES + " bytes (a Java array).");
    }
}
