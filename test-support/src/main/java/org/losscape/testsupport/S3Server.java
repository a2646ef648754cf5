package org.losscape.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible server (S3Proxy with a file-system blob store in a temporary folder) on a
 * loopback port, checking AWS v2/v4 signatures for {@link #ACCESS_KEY}/{@link #SECRET_KEY}.
 *
 * <p>{@link #shared()} starts it on first use and keeps it for the rest of the JVM, shared by
 * every test class and every Quarkus application restart. S3Proxy runs in a child JVM from
 * its self-contained jar, because that jar carries its own unshaded Jackson, Guava and Jetty
 * which would clash with the classes of the service under test. The child ends when the test
 * JVM ends, however it ends. Its log is {@code s3proxy.log} in {@link #folder()}.
 */
public final class S3Server {

    public static final String ACCESS_KEY = "losscape-test";
    public static final String SECRET_KEY = "losscape-test-secret";

    private static final String REGISTRY_ENDPOINT = "losscape.test-support.s3.endpoint";
    private static final String REGISTRY_FOLDER = "losscape.test-support.s3.folder";
    private static final String JAR_PROPERTY = "losscape.s3proxy.jar";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private static S3Server shared;

    private final String endpoint;
    private final Path folder;

    private S3Server(String endpoint, Path folder) {
        this.endpoint = endpoint;
        this.folder = folder;
    }

    /** The JVM's server, started on the first call (about two seconds). */
    public static S3Server shared() {
        synchronized (Loopback.jvmWideLock("s3")) {
            if (shared == null) {
                String running = System.getProperty(REGISTRY_ENDPOINT);
                shared = running != null
                        ? new S3Server(running, Path.of(System.getProperty(REGISTRY_FOLDER)))
                        : start();
                System.setProperty(REGISTRY_ENDPOINT, shared.endpoint);
                System.setProperty(REGISTRY_FOLDER, shared.folder.toString());
            }
            return shared;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** The server's folder: its log, and under {@code data/} one folder per bucket. */
    public Path folder() {
        return folder;
    }

    /** Creates {@code bucket} unless it exists. */
    public void createBucket(String bucket) {
        try {
            Files.createDirectories(folder.resolve("data").resolve(bucket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create bucket " + bucket, e);
        }
    }

    private static S3Server start() {
        Path folder = createTempDir();
        int port = Loopback.freePort();
        String endpoint = "http://" + Loopback.HOST + ":" + port;

        Path settings = writeSettings(folder, endpoint);
        Path launcherClasses = extractLauncher(folder);
        Path log = folder.resolve("s3proxy.log");
        Process process = launch(settings, launcherClasses, log);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(process);
            KafkaBroker.deleteTree(folder);
        }, "s3proxy-stop"));

        awaitReady(process, port, log);
        return new S3Server(endpoint, folder);
    }

    private static Path writeSettings(Path folder, String endpoint) {
        Properties settings = new Properties();
        settings.setProperty("s3proxy.endpoint", endpoint);
        settings.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        settings.setProperty("s3proxy.identity", ACCESS_KEY);
        settings.setProperty("s3proxy.credential", SECRET_KEY);
        settings.setProperty("jclouds.provider", "filesystem-nio2");
        settings.setProperty("jclouds.identity", ACCESS_KEY);
        settings.setProperty("jclouds.credential", SECRET_KEY);
        settings.setProperty("jclouds.filesystem.basedir", folder.resolve("data").toString());
        Path file = folder.resolve("s3proxy.properties");
        try (var out = Files.newOutputStream(file)) {
            Files.createDirectories(folder.resolve("data"));
            settings.store(out, "S3Proxy for Losscape tests");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /**
     * Copies the launcher's class file out of whatever holds it (a folder, a jar, a Quarkus
     * class loader) into {@code folder}, so that the child's class path is plain files.
     */
    private static Path extractLauncher(Path folder) {
        Path classes = folder.resolve("launcher");
        String name = S3ProxyLauncher.class.getName().replace('.', '/') + ".class";
        Path target = classes.resolve(name);
        try (InputStream in = S3ProxyLauncher.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("class file " + name + " not found");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name + " to " + classes, e);
        }
        return classes;
    }

    private static Process launch(Path settings, Path launcherClasses, Path log) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = s3proxyJar() + File.pathSeparator + launcherClasses;
        List<String> command = List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                S3ProxyLauncher.class.getName(),
                "--properties",
                settings.toString());
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy: " + command, e);
        }
    }

    /**
     * The S3Proxy jar: the system property {@value #JAR_PROPERTY} if set, else the path that
     * the build of this module recorded from Maven's local repository.
     */
    static Path s3proxyJar() {
        String override = System.getProperty(JAR_PROPERTY);
        if (override != null) {
            return requireFile(Path.of(override), "system property " + JAR_PROPERTY);
        }
        Properties recorded = new Properties();
        try (InputStream in = S3Server.class.getResourceAsStream("s3proxy-jar.properties")) {
            if (in == null) {
                throw new IllegalStateException("s3proxy-jar.properties is missing from the "
                        + "test-support build; set " + JAR_PROPERTY + " to the S3Proxy jar");
            }
            recorded.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3proxy-jar.properties", e);
        }
        return requireFile(Path.of(recorded.getProperty("jar")), "s3proxy-jar.properties");
    }

    private static Path requireFile(Path jar, String source) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar " + jar + " (from " + source
                    + ") does not exist; build the test-support module with Maven first");
        }
        return jar;
    }

    private static void awaitReady(Process process, int port, Path log) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with status "
                        + process.exitValue() + "; its log:\n" + tail(log));
            }
            if (Loopback.accepts(port)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        stop(process);
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; its log:\n" + tail(log));
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("losscape-s3-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for S3Proxy", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
        }
    }
}
