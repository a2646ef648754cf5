package org.losscape.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Checks and waits that tell when a started process serves, and whether a port is free. */
final class Readiness {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_LINES_IN_ERRORS = 30;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Readiness() {}

    /**
     * Polls {@code ready} until it holds. Fails fast, with the end of the process's log, when
     * the process exits first or {@code timeout} passes.
     */
    static void await(ChildProcess process, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new StackException(process.name() + " exited with code "
                        + process.exitCode() + " before it was ready; end of " + process.log()
                        + ":\n" + process.tail(LOG_LINES_IN_ERRORS));
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(process.name() + " was not ready after "
                        + timeout.toSeconds() + " s; end of " + process.log() + ":\n"
                        + process.tail(LOG_LINES_IN_ERRORS));
            }
            sleep(POLL);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a GET of {@code uri} answers 200. */
    static boolean httpOk(URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while waiting for " + uri, e);
        }
    }

    /** Fails with a message naming {@code flag} when 127.0.0.1:{@code port} cannot be bound. */
    static void requireFree(int port, String flag) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new StackException("port " + port + " is in use (" + flag
                    + "); stop what uses it or choose another port with " + flag);
        }
    }

    /** A port that was free a moment ago, for tests and for ports the user did not fix. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("no free port: " + e.getMessage(), e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted", e);
        }
    }
}
