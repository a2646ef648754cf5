package org.losscape.stack;

import java.util.function.Consumer;
import org.losscape.messages.SurfaceChunk;
import picocli.CommandLine.Option;

/**
 * The surface flags of the commands that plan surfaces (demo, experiments). Each is optional:
 * an absent flag takes the command's {@link Preset}.
 */
final class SurfaceOptions {

    @Option(names = "--grid-points", paramLabel = "N",
            description = "Points per axis of a surface grid (of an interpolation: along α).")
    Integer gridPoints;

    @Option(names = "--eval-size", paramLabel = "N",
            description = "Images each surface point is evaluated on.")
    Integer evalSize;

    @Option(names = "--chunk-size", paramLabel = "N",
            description = "Grid points per work message, at most " + MAX_CHUNK_SIZE
                    + " (a chunk's values travel in one Kafka record).")
    Integer chunkSize;

    /**
     * Points per axis of a plane: the projection service takes at most 1,000,000 points a
     * surface.
     */
    static final int MAX_PLANE_POINTS = 1_000;

    /** Points of a line (an interpolation, a 1-D scan): the service's limit per axis. */
    static final int MAX_LINE_POINTS = 1_001;

    /** The largest chunk the projection service plans: its values fit in one Kafka record. */
    static final int MAX_CHUNK_SIZE = SurfaceChunk.MAX_POINTS;

    /**
     * Checks the flags that are given against the limits of the projection service, before
     * anything starts; {@code maxPoints} is {@link #MAX_PLANE_POINTS} or
     * {@link #MAX_LINE_POINTS}. {@code --eval-size} is checked by {@link #resolve}, against the
     * images of the CIFAR-10 copy.
     */
    void check(int maxPoints) {
        if (gridPoints != null) {
            Flags.requireIn("--grid-points", gridPoints, 2, maxPoints);
        }
        if (chunkSize != null) {
            Flags.requireIn("--chunk-size", chunkSize, 1, MAX_CHUNK_SIZE);
        }
    }

    /**
     * The flags over {@code preset}; the evaluation images cut to {@code available}.
     *
     * @param images what {@code available} counts, "training images" or "test images"
     */
    SurfacePlan resolve(Preset preset, int available, String images, Consumer<String> say) {
        int points = gridPoints != null ? gridPoints : preset.gridPoints();
        int chunk = chunkSize != null ? chunkSize : preset.chunkSize();
        int eval = CifarSizes.fit(
                "--eval-size", evalSize, preset.evalSize(), available, images, say);
        return new SurfacePlan(points, eval, chunk);
    }

    /** @param evalSize images each point is evaluated on, at most what the split holds */
    record SurfacePlan(int gridPoints, int evalSize, int chunkSize) {}
}
