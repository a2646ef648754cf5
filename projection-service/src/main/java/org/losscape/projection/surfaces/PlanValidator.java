package org.losscape.projection.surfaces;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.losscape.data.Split;
import org.losscape.directions.Directions;
import org.losscape.grid.Grid;
import org.losscape.messages.Axis;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.SurfaceChunk;
import org.losscape.projection.ProjectionConfig;
import org.losscape.projection.api.ApiException;
import org.losscape.projection.runs.DatasetFacts;
import org.losscape.projection.runs.Run;
import org.losscape.projection.runs.RunIds;
import org.losscape.projection.runs.RunIndex;
import org.losscape.projection.surfaces.SurfaceRequest.AxisRequest;
import org.losscape.projection.surfaces.SurfaceRequest.EvalSetRequest;
import org.losscape.projection.surfaces.SurfaceRequest.GridRequest;
import org.losscape.trajectory.PathBounds;
import org.losscape.trajectory.TrajectoryPca;

/**
 * Checks a {@link SurfaceRequest} field by field, fills in the defaults and finds the run, so
 * that a bad request fails before anything is stored or sent. Each failure is an
 * {@link ApiException} naming the field (dotted: {@code grid.x.min}, {@code evalSet.size}).
 * The checks of single fields are shared with the interpolation and comparison requests.
 */
@ApplicationScoped
class PlanValidator {

    /** {@code directions} of a surface along random directions (the default). */
    static final String RANDOM = "random";

    /** {@code directions} of the PCA plane of a run's trajectory. */
    static final String PCA = "pca";

    /** At most this many seeds in one request: each is a surface of its own. */
    static final int MAX_SEEDS = 64;

    /** Core validation messages start with the field they blame. */
    private static final Pattern LEADING_FIELD = Pattern.compile("^([A-Za-z][A-Za-z.]*) \\(");

    private final RunIndex runs;
    private final ProjectionConfig.Defaults defaults;

    PlanValidator(RunIndex runs, ProjectionConfig config) {
        this.runs = runs;
        this.defaults = config.defaults();
    }

    /** {@code random} or {@code pca}: which view {@code request} asks for. */
    String directions(SurfaceRequest request) {
        requireBody(request);
        if (request.directions() == null) {
            return RANDOM;
        }
        String value = request.directions().trim().toLowerCase(Locale.ROOT);
        if (!value.equals(RANDOM) && !value.equals(PCA)) {
            throw ApiException.invalid("directions", "directions (" + request.directions()
                    + ") must be " + RANDOM + " or " + PCA);
        }
        return value;
    }

    /** The plan of a surface along random directions with one seed. */
    SurfacePlan validate(SurfaceRequest request) {
        requireBody(request);
        String runId = runId("runId", request.runId());
        epoch(request.epoch());
        if (request.margin() != null) {
            // Random directions have no path to pad: a margin would be ignored in silence.
            throw ApiException.invalid("margin", "margin (" + request.margin() + ") applies "
                    + "only to directions " + PCA + ": it pads the PCA plane's grid around the "
                    + "projected path; leave it out for directions " + RANDOM);
        }
        GridSpec grid = grid(request.grid());
        String normalization = normalization(request.normalization());
        int chunkSize = chunkSize(request.chunkSize());
        Run run = findRun("runId", runId, request.epoch());
        int epoch = request.epoch() != null ? request.epoch() : run.lastEpoch();

        return new SurfacePlan(
                run,
                epoch,
                grid,
                request.seed() != null ? request.seed() : defaults.seed(),
                normalization,
                request.includeBiasAndBatchNorm() != null
                        ? request.includeBiasAndBatchNorm()
                        : defaults.includeBiasAndBatchNorm(),
                Boolean.TRUE.equals(request.moveBatchNormStatistics()),
                evalSet(request.evalSet(), run),
                chunkSize,
                null);
    }

    /** One plan per seed of {@code request.seeds()}, in the order given, not yet grouped. */
    List<SurfacePlan> validateSeeds(SurfaceRequest request) {
        List<Long> seeds = request.seeds();
        if (request.seed() != null) {
            throw ApiException.invalid("seeds", "seeds and seed (" + request.seed()
                    + ") exclude each other; put every seed in seeds");
        }
        if (seeds.isEmpty() || seeds.size() > MAX_SEEDS) {
            throw ApiException.invalid("seeds", "seeds (" + seeds.size() + " given) must hold 1 "
                    + "to " + MAX_SEEDS + " seeds");
        }
        if (seeds.contains(null) || new HashSet<>(seeds).size() != seeds.size()) {
            throw ApiException.invalid("seeds", "seeds (" + seeds + ") must be distinct numbers");
        }

        List<SurfacePlan> plans = new ArrayList<>(seeds.size());
        for (long seed : seeds) {
            plans.add(validate(request.withSeed(seed)));
        }
        return plans;
    }

    /** The plan of the PCA plane of a run's trajectory. */
    PcaPlan validatePca(SurfaceRequest request) {
        requireBody(request);
        String runId = runId("runId", request.runId());
        epoch(request.epoch());
        if (request.seeds() != null) {
            throw ApiException.invalid("seeds", "seeds do not apply to directions " + PCA
                    + ": the plane of a trajectory has no seed");
        }
        if (Boolean.TRUE.equals(request.moveBatchNormStatistics())) {
            throw ApiException.invalid("moveBatchNormStatistics", "moveBatchNormStatistics "
                    + "(true) does not apply to directions " + PCA + ": running statistics "
                    + "take no part in the PCA and stay at the final checkpoint's values");
        }
        double margin = request.margin() != null ? request.margin() : PathBounds.DEFAULT_MARGIN;
        if (!(margin >= 0) || margin > 10) {
            throw ApiException.invalid("margin", "margin (" + margin + ") must be in [0, 10]");
        }
        GridRequest gridRequest = request.grid();
        AxisRequest x = gridRequest == null ? null : gridRequest.x();
        AxisRequest y = gridRequest == null ? null : gridRequest.y();
        int xPoints = x != null && x.points() != null ? x.points() : defaults.x().points();
        int yPoints = y != null && y.points() != null ? y.points() : defaults.y().points();
        // Ranges come from the path; check the rest now, before checkpoints are read.
        validateGrid(new GridSpec(new Axis(-1, 1, xPoints), new Axis(-1, 1, yPoints)), "grid");
        requireCoveringPoints("grid.x.points", xPoints);
        requireCoveringPoints("grid.y.points", yPoints);
        checkRangeOverride("grid.x", x);
        checkRangeOverride("grid.y", y);
        int chunkSize = chunkSize(request.chunkSize());

        Run run = findRun("runId", runId, request.epoch());
        int epoch = request.epoch() != null ? request.epoch() : run.lastEpoch();
        List<Integer> path = new ArrayList<>(run.checkpoints().headMap(epoch, true).keySet());
        if (path.size() < TrajectoryPca.MIN_CHECKPOINTS) {
            String field = request.epoch() != null ? "epoch" : "runId";
            throw ApiException.invalid(field, "directions " + PCA + " needs at least "
                    + TrajectoryPca.MIN_CHECKPOINTS + " checkpoints up to epoch " + epoch
                    + ", run " + runId + " has " + path.size() + " " + path);
        }
        boolean include = request.includeBiasAndBatchNorm() != null
                ? request.includeBiasAndBatchNorm()
                : defaults.includeBiasAndBatchNorm();
        return new PcaPlan(run, path, x, y, xPoints, yPoints, margin, include,
                evalSet(request.evalSet(), run), chunkSize);
    }

    /** The plan of an auto surface of {@code run} at {@code epoch}: all defaults. */
    SurfacePlan defaultsFor(Run run, int epoch) {
        return new SurfacePlan(
                run,
                epoch,
                grid(null),
                defaults.seed(),
                normalization(null),
                defaults.includeBiasAndBatchNorm(),
                false,
                evalSet(null, run),
                chunkSize(null),
                null);
    }

    /** The range of a PCA grid: the covering one, with any requested min or max put in. */
    GridSpec pcaGrid(PcaPlan plan, GridSpec covering) {
        GridSpec grid = new GridSpec(
                override(covering.x(), plan.x()), override(covering.y(), plan.y()));
        validateGrid(grid, "grid");
        return grid;
    }

    static void requireBody(Object request) {
        if (request == null) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
    }

    /** A run id given in {@code field}: required and usable as a key segment. */
    static String runId(String field, String runId) {
        return RunIds.check(field, runId);
    }

    static void epoch(Integer epoch) {
        epoch("epoch", epoch);
    }

    static void epoch(String field, Integer epoch) {
        if (epoch != null && epoch < 0) {
            throw ApiException.invalid(field,
                    field + " (" + epoch + ") must be >= 0 (0 is the initialization)");
        }
    }

    /**
     * The run named in {@code field}, with its checkpoint of {@code epoch} (null: any); 404
     * naming {@code field} or the epoch field {@code epoch} when missing.
     */
    Run findRun(String field, String runId, Integer epoch) {
        return findRun(field, runId, "epoch", epoch);
    }

    Run findRun(String field, String runId, String epochField, Integer epoch) {
        Run run = runs.find(runId, epoch).orElseThrow(() ->
                ApiException.notFound(field, "run " + runId + " is not known"));
        if (run.checkpoints().isEmpty()) {
            throw ApiException.notFound(epochField, "run " + runId + " has no checkpoint yet");
        }
        if (epoch != null && !run.checkpoints().containsKey(epoch)) {
            throw ApiException.notFound(epochField, "run " + runId + " has no checkpoint of "
                    + "epoch " + epoch + "; stored epochs: " + run.checkpoints().keySet());
        }
        return run;
    }

    private GridSpec grid(GridRequest request) {
        AxisRequest x = request == null ? null : request.x();
        AxisRequest y = request == null ? null : request.y();
        GridSpec grid = new GridSpec(axis(x, defaults.x()), axis(y, defaults.y()));
        validateGrid(grid, "grid");
        return grid;
    }

    /**
     * Throws a 400 naming the field of the first invalid value; {@code prefix} replaces
     * {@code grid} in the field and message ({@code alpha} for an interpolation's axis).
     */
    static void validateGrid(GridSpec grid, String prefix) {
        try {
            Grid.validate(grid);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            String field = field(message);
            if (!prefix.equals("grid")) {
                message = message.replace("grid.x", prefix);
                field = field.replace("grid.x", prefix);
            }
            throw ApiException.invalid(field, message);
        }
    }

    static Axis axis(AxisRequest request, ProjectionConfig.Range defaults) {
        if (request == null) {
            return new Axis(defaults.min(), defaults.max(), defaults.points());
        }
        return new Axis(
                Objects.requireNonNullElse(request.min(), defaults.min()),
                Objects.requireNonNullElse(request.max(), defaults.max()),
                Objects.requireNonNullElse(request.points(), defaults.points()));
    }

    String normalization(String requested) {
        String value = requested != null ? requested : defaults.normalization();
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (!Directions.NORMALIZATIONS.contains(normalized)) {
            throw ApiException.invalid("normalization", "normalization (" + value
                    + ") must be one of " + String.join(", ", Directions.NORMALIZATIONS));
        }
        return normalized;
    }

    /**
     * Points per chunk, at most {@link SurfaceChunk#MAX_POINTS}: a chunk's values travel in one
     * Kafka record, and a larger chunk could exceed the broker's record size, so that no worker
     * could ever deliver it.
     */
    int chunkSize(Integer requested) {
        int value = requested != null ? requested : defaults.chunkSize();
        if (value < 1 || value > SurfaceChunk.MAX_POINTS) {
            throw ApiException.invalid("chunkSize", "chunkSize (" + value + ") must be in [1, "
                    + SurfaceChunk.MAX_POINTS + "]: a chunk's values travel in one Kafka record");
        }
        return value;
    }

    EvalSetSpec evalSet(EvalSetRequest request, Run run) {
        String dataset = request != null && request.dataset() != null
                ? request.dataset()
                : run.dataset();
        String splitText = request != null && request.split() != null
                ? request.split()
                : defaults.split();
        Integer size = request != null ? request.size() : null;
        return evalSet("evalSet", dataset, splitText, size, run);
    }

    /**
     * The first {@code size} images (default {@code losscape.projection.defaults.eval-size}) of
     * a split of {@code dataset}, which must have the image shape {@code run} was trained on;
     * {@code field} prefixes the fields named in errors.
     */
    EvalSetSpec evalSet(String field, String dataset, String splitText, Integer size, Run run) {
        return evalSet(field + ".dataset", dataset, field + ".split", splitText,
                field + ".size", size != null ? size : defaults.evalSize(), run);
    }

    /** As above with every field named by the caller. */
    EvalSetSpec evalSet(String datasetField, String dataset, String splitField,
            String splitText, String sizeField, int size, Run run) {
        DatasetFacts facts = facts(datasetField, dataset);
        DatasetFacts trained = facts(datasetField, run.dataset());
        if (!facts.sameImageShape(trained)) {
            throw ApiException.invalid(datasetField, datasetField + " (" + dataset
                    + ") has images of " + facts.imageShape() + " but run " + run.runId()
                    + " was trained on " + run.dataset() + " (" + trained.imageShape() + ")");
        }

        Split split;
        try {
            split = Split.parse(splitText);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(splitField,
                    splitField + " (" + splitText + ") must be train or test");
        }

        int available = facts.size(split);
        if (size < 1 || size > available) {
            throw ApiException.invalid(sizeField, sizeField + " (" + size
                    + ") must be in [1, " + available + "], the size of the " + split.id()
                    + " split of " + dataset);
        }
        return new EvalSetSpec(dataset, split.id(), size);
    }

    private static DatasetFacts facts(String field, String dataset) {
        try {
            return DatasetFacts.of(dataset);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, field + " (" + dataset + ") must be cifar10 or "
                    + "fashion-mnist");
        }
    }

    private static void requireCoveringPoints(String field, int points) {
        if (points < 2) {
            throw ApiException.invalid(field, field + " (" + points + ") must be in [2, "
                    + Grid.MAX_AXIS_POINTS + "] for directions " + PCA);
        }
    }

    private static void checkRangeOverride(String field, AxisRequest axis) {
        if (axis == null) {
            return;
        }
        if (axis.min() != null) {
            checkCoordinate(field + ".min", axis.min());
        }
        if (axis.max() != null) {
            checkCoordinate(field + ".max", axis.max());
        }
        if (axis.min() != null && axis.max() != null && !(axis.min() < axis.max())) {
            throw ApiException.invalid(field + ".min", field + ".min (" + axis.min()
                    + ") must be < " + field + ".max (" + axis.max() + ")");
        }
    }

    private static void checkCoordinate(String field, double value) {
        try {
            Grid.validateCoordinate(field, value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, e.getMessage());
        }
    }

    private static Axis override(Axis covering, AxisRequest requested) {
        if (requested == null) {
            return covering;
        }
        return new Axis(
                Objects.requireNonNullElse(requested.min(), covering.min()),
                Objects.requireNonNullElse(requested.max(), covering.max()),
                covering.points());
    }

    /** The grid field a validation message blames ("grid.x.min (NaN) must ..."). */
    static String field(String message) {
        Matcher matcher = LEADING_FIELD.matcher(message == null ? "" : message);
        return matcher.find() ? matcher.group(1) : "grid";
    }
}
