package org.losscape.viz.archive;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the archive has been read back (or found unreachable, or is disabled), so that a
 * new replica does not serve a list without its older surfaces.
 */
@Readiness
@ApplicationScoped
class ArchiveReadiness implements HealthCheck {

    private final SurfaceArchive archive;

    ArchiveReadiness(SurfaceArchive archive) {
        this.archive = archive;
    }

    @Override
    public HealthCheckResponse call() {
        SurfaceArchive.Status status = archive.status();
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("surface-archive")
                        .status(status.settled())
                        .withData("state", status.state())
                        .withData("restored", status.restored());
        if (status.error() != null) {
            response.withData("error", status.error());
        }
        return response.build();
    }
}
