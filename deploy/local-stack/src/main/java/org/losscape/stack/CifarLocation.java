package org.losscape.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds CIFAR-10 for the services: the {@code --cifar} path, else {@code $LOSSCAPE_CIFAR10},
 * else the official archive in the cache folder, downloading it there when it is missing.
 *
 * <p>A downloaded or cached archive is checked against the MD5 that the data set's page
 * publishes ({@value #OFFICIAL_MD5}); the page publishes no SHA-256. A path the user names is
 * taken as it is: it may be the unpacked folder or another faithful copy.
 */
final class CifarLocation {

    static final String ENVIRONMENT_VARIABLE = "LOSSCAPE_CIFAR10";
    static final URI OFFICIAL_URL =
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    static final String OFFICIAL_PAGE = "https://www.cs.toronto.edu/~kriz/cifar.html";
    static final String OFFICIAL_MD5 = "c32a1d4ab5d03f1284b67883e8d87530";
    static final String ARCHIVE_NAME = "cifar-10-binary.tar.gz";

    private CifarLocation() {}

    /** The default cache folder, {@code ~/.cache/losscape}. */
    static Path defaultCache() {
        return Path.of(System.getProperty("user.home"), ".cache", "losscape");
    }

    /**
     * Resolves the location as described on the type. {@code say} gets progress lines.
     *
     * @throws StackException naming the path, URL, cache file, flag and variable to fix it
     */
    static Path resolve(
            Path explicit, Map<String, String> environment, Path cache, Consumer<String> say) {
        if (explicit != null) {
            return requireExists(explicit, "--cifar");
        }
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return requireExists(Path.of(fromEnvironment), ENVIRONMENT_VARIABLE);
        }

        Path archive = cache.resolve(ARCHIVE_NAME);
        if (!Files.exists(archive)) {
            download(archive, say);
        }
        requireOfficialChecksum(archive, cache);
        return archive;
    }

    private static Path requireExists(Path path, String source) {
        // Path.of("") is the current folder: an empty --cifar would name it and then fail on
        // its contents, as if the user had pointed at it.
        if (path.toString().isBlank()) {
            throw new StackException(source + " is empty: give the path of CIFAR-10, or leave"
                    + " it out to use $" + ENVIRONMENT_VARIABLE + " or the cached "
                    + ARCHIVE_NAME);
        }
        if (!Files.exists(path)) {
            throw new StackException("CIFAR-10 not found at " + path + " (from " + source
                    + ").\n" + remedy(defaultCache()));
        }
        return path.toAbsolutePath().normalize();
    }

    private static void download(Path archive, Consumer<String> say) {
        say.accept("CIFAR-10 not given: downloading " + OFFICIAL_URL + " (163 MB) to " + archive);
        Path partial = archive.resolveSibling(ARCHIVE_NAME + ".part");
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpRequest request = HttpRequest.newBuilder(OFFICIAL_URL).build();
        try {
            Files.createDirectories(archive.getParent());
            HttpResponse<InputStream> response =
                    client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP status " + response.statusCode());
            }
            try (InputStream body = response.body();
                    OutputStream out = Files.newOutputStream(partial)) {
                body.transferTo(out);
            }
            Files.move(partial, archive, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new StackException("could not download CIFAR-10 from " + OFFICIAL_URL + ":\n"
                    + describe(e) + ".\n" + remedy(archive.getParent()), e);
        } catch (InterruptedException e) {
            deleteQuietly(partial);
            Thread.currentThread().interrupt();
            throw new StackException("download of CIFAR-10 interrupted", e);
        }
    }

    private static void requireOfficialChecksum(Path archive, Path cache) {
        String md5 = md5(archive);
        if (!md5.equals(OFFICIAL_MD5)) {
            throw new StackException(archive + " has MD5 " + md5 + ", not the official "
                    + OFFICIAL_MD5 + ": the download is damaged or not the official archive."
                    + " Delete it and try again, or, for another copy of CIFAR-10, pass --cifar"
                    + " PATH.\n" + remedy(cache));
        }
    }

    /** The instructions every failure ends with. */
    static String remedy(Path cache) {
        return "To fix it, download " + OFFICIAL_URL + "\n(the binary version, 163 MB, MD5 "
                + OFFICIAL_MD5 + " as published on " + OFFICIAL_PAGE + ")\n"
                + "on a machine with Internet access, then either\n"
                + "  - put it at " + cache.resolve(ARCHIVE_NAME) + ", or\n"
                + "  - pass --cifar /path/to/" + ARCHIVE_NAME
                + " (or its unpacked cifar-10-batches-bin folder), or\n"
                + "  - set " + ENVIRONMENT_VARIABLE + "=/path/to/" + ARCHIVE_NAME + ".";
    }

    static String md5(Path file) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * What went wrong: that the host is unknown when no name server answers (the usual case
     * offline), else the exception and its causes, e.g. "ConnectException (timed out)".
     */
    static String describe(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof UnresolvedAddressException || e instanceof UnknownHostException) {
                return "the host " + OFFICIAL_URL.getHost() + " cannot be resolved (no"
                        + " Internet access here?)";
            }
        }
        StringBuilder text = new StringBuilder();
        String previous = "";
        for (Throwable e = error; e != null; e = e.getCause()) {
            String name = e.getClass().getSimpleName();
            if (name.equals(previous) && e.getMessage() == null) {
                continue;
            }
            previous = name;
            text.append(text.length() == 0 ? "" : ": ").append(name);
            if (e.getMessage() != null) {
                text.append(" (").append(e.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover .part file is overwritten by the next download.
        }
    }
}
