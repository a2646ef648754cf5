package org.losscape.projection.surfaces;

import java.util.List;
import org.losscape.messages.SurfacePlanned;

/**
 * Surfaces planned together (the train and test curves of an interpolation, one random
 * direction per seed, one surface per run of a comparison), each carrying {@code groupId}.
 */
public record SurfaceGroup(String groupId, List<SurfacePlanned> surfaces) {

    public SurfaceGroup {
        surfaces = List.copyOf(surfaces);
    }
}
