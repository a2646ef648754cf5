package org.losscape.stack;

/** The four Losscape services, each a Quarkus fast-jar in its own module. */
public enum Service {
    TRAINER("trainer-service"),
    PROJECTION("projection-service"),
    SURFACE("surface-service"),
    VIZ("viz-service");

    private final String module;

    Service(String module) {
        this.module = module;
    }

    /** The Maven module, also the name of the service in logs and manifests. */
    public String module() {
        return module;
    }
}
