package org.losscape.stack;

import java.util.function.Consumer;
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
            description = "Grid points per work message.")
    Integer chunkSize;

    /** The flags over {@code preset}; the evaluation images cut to {@code available}. */
    SurfacePlan resolve(Preset preset, int available, Consumer<String> say) {
        int points = gridPoints != null ? gridPoints : preset.gridPoints();
        if (points < 2) {
            throw new StackException("--grid-points (" + points + ") must be >= 2");
        }
        int chunk = chunkSize != null ? chunkSize : preset.chunkSize();
        if (chunk < 1) {
            throw new StackException("--chunk-size (" + chunk + ") must be >= 1");
        }
        int eval = CifarSizes.fit("--eval-size", evalSize, preset.evalSize(), available, say);
        return new SurfacePlan(points, eval, chunk);
    }

    /** @param evalSize images each point is evaluated on, at most what the split holds */
    record SurfacePlan(int gridPoints, int evalSize, int chunkSize) {}
}
