package org.losscape.surface;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name a worker signs its values with: host name and process id, {@code host:pid}. */
final class WorkerName {

    private WorkerName() {}

    static String current() {
        return host() + ":" + ProcessHandle.current().pid();
    }

    /** In Kubernetes {@code HOSTNAME} is the pod name, which is what an operator looks for. */
    private static String host() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
