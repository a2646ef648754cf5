package org.losscape.testsupport;

import java.io.IOException;

/**
 * Entry point of the child JVM that runs S3Proxy for {@link S3Server}. It ends the child as
 * soon as its standard input closes, which happens when the test JVM exits for any reason,
 * so no S3Proxy outlives the tests that started it. Only JDK classes are used here: the child's
 * class path is S3Proxy's jar and this one class.
 */
final class S3ProxyLauncher {

    private S3ProxyLauncher() {}

    public static void main(String[] args) throws Exception {
        Thread watcher = new Thread(S3ProxyLauncher::haltWhenParentGoes, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();

        Class.forName("org.gaul.s3proxy.Main")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }

    private static void haltWhenParentGoes() {
        try {
            while (System.in.read() >= 0) {
                // Nothing is ever sent; reading only waits for the end of the stream.
            }
        } catch (IOException e) {
            // A broken pipe means the same as the end of the stream.
        }
        Runtime.getRuntime().halt(0);
    }
}
