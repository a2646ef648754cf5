package org.losscape.projection.api;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.losscape.projection.ProjectionConfig;
import org.losscape.trajectory.PathBounds;

/**
 * What each field of a request body ({@code POST /surfaces}, {@code /comparisons},
 * {@code /interpolations}) takes when the request leaves it out, as an error message shows it:
 * a client that sends {@code null} is told to leave the field out instead. Field paths are
 * those of {@link ApiError#field()}; the three bodies share the names they share in meaning.
 */
@Singleton
public class RequestDefaults {

    /** Fields without a default. */
    private static final Set<String> REQUIRED = Set.of("runId", "runIds", "runA", "runB");

    private final Map<String, String> byField = new HashMap<>();

    RequestDefaults(ProjectionConfig config) {
        ProjectionConfig.Defaults defaults = config.defaults();
        ProjectionConfig.Interpolation interpolation = config.interpolation();

        byField.put("epoch", "the run's latest checkpoint");
        byField.put("epochA", "runA's latest checkpoint");
        byField.put("epochB", "runB's latest checkpoint");
        byField.put("directions", "random");
        putAxis("grid.x", defaults.x());
        putAxis("grid.y", defaults.y());
        byField.put("grid", "x " + byField.get("grid.x") + ", y " + byField.get("grid.y"));
        byField.put("seed", String.valueOf(defaults.seed()));
        byField.put("seeds", "one surface, of seed");
        byField.put("normalization", defaults.normalization());
        byField.put("includeBiasAndBatchNorm", String.valueOf(defaults.includeBiasAndBatchNorm()));
        byField.put("moveBatchNormStatistics", "false");
        byField.put("margin", PathBounds.DEFAULT_MARGIN + ", for directions pca");
        byField.put("evalSet.dataset", "the run's data set");
        byField.put("evalSet.split", defaults.split());
        byField.put("evalSet.size", String.valueOf(defaults.evalSize()));
        byField.put("evalSet", "the first " + defaults.evalSize() + " images of the "
                + defaults.split() + " split of the run's data set");
        byField.put("chunkSize", String.valueOf(defaults.chunkSize()));
        byField.put("alpha.min", String.valueOf(interpolation.alphaMin()));
        byField.put("alpha.max", String.valueOf(interpolation.alphaMax()));
        byField.put("alpha.points", String.valueOf(interpolation.alphaPoints()));
        byField.put("alpha", "[" + interpolation.alphaMin() + ", " + interpolation.alphaMax()
                + "], " + interpolation.alphaPoints() + " points");
        byField.put("evalSets.dataset", "the runs' data set");
        byField.put("evalSets.trainSize", String.valueOf(interpolation.trainSize()));
        byField.put("evalSets.testSize", String.valueOf(interpolation.testSize()));
        byField.put("evalSets", interpolation.trainSize() + " training and "
                + interpolation.testSize() + " test images of the runs' data set");
    }

    /** Whether the request must give {@code field}. */
    boolean required(String field) {
        return REQUIRED.contains(field);
    }

    /** The default of {@code field}; null for a field that has none or is not known. */
    String of(String field) {
        return byField.get(field);
    }

    private void putAxis(String axis, ProjectionConfig.Range range) {
        byField.put(axis + ".min", String.valueOf(range.min()));
        byField.put(axis + ".max", String.valueOf(range.max()));
        byField.put(axis + ".points", String.valueOf(range.points()));
        byField.put(axis, "[" + range.min() + ", " + range.max() + "], " + range.points()
                + " points");
    }
}
