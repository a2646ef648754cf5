package org.losscape.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Ports and connections on 127.0.0.1, where every test server listens. */
final class Loopback {

    static final String HOST = "127.0.0.1";

    private Loopback() {}

    /**
     * A port that was free a moment ago. Another process may take it before the caller binds
     * it; on a test machine that race is rare enough to accept.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    /** Whether something accepts TCP connections on {@code port}. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A lock shared by every class loader of the JVM. Quarkus runs tests in fresh class
     * loaders, each with its own copy of this class's statics, yet the servers must start once
     * per JVM; an interned string is the same object for all of them.
     */
    static Object jvmWideLock(String name) {
        return ("org.losscape.testsupport." + name).intern();
    }
}
