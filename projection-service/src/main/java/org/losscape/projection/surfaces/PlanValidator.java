package org.losscape.projection.surfaces;

import jakarta.enterprise.context.ApplicationScoped;
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
import org.losscape.projection.ProjectionConfig;
import org.losscape.projection.api.ApiException;
import org.losscape.projection.runs.Run;
import org.losscape.projection.runs.RunIndex;
import org.losscape.projection.surfaces.SurfaceRequest.AxisRequest;
import org.losscape.projection.surfaces.SurfaceRequest.EvalSetRequest;
import org.losscape.projection.surfaces.SurfaceRequest.GridRequest;

/**
 * Checks a {@link SurfaceRequest} field by field, fills in the defaults and finds the run, so
 * that a bad request fails before anything is stored or sent. Each failure is an
 * {@link ApiException} naming the field (dotted: {@code grid.x.min}, {@code evalSet.size}).
 */
@ApplicationScoped
class PlanValidator {

    /** Run ids become object-key segments: no slashes, nothing a key cannot hold. */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Core validation messages start with the field they blame. */
    private static final Pattern LEADING_FIELD = Pattern.compile("^([A-Za-z][A-Za-z.]*) \\(");

    private final RunIndex runs;
    private final ProjectionConfig.Defaults defaults;

    PlanValidator(RunIndex runs, ProjectionConfig config) {
        this.runs = runs;
        this.defaults = config.defaults();
    }

    SurfacePlan validate(SurfaceRequest request) {
        if (request == null) {
            throw ApiException.invalid(null, "the request body must be a JSON object");
        }
        String runId = requireRunId(request.runId());
        if (request.epoch() != null && request.epoch() < 0) {
            throw ApiException.invalid("epoch",
                    "epoch (" + request.epoch() + ") must be >= 0 (0 is the initialization)");
        }
        GridSpec grid = grid(request.grid());
        String normalization = normalization(request.normalization());
        int chunkSize = chunkSize(request.chunkSize());
        Run run = findRun(runId, request.epoch());
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
                evalSet(request.evalSet(), run),
                chunkSize);
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
                evalSet(null, run),
                chunkSize(null));
    }

    private static String requireRunId(String runId) {
        if (runId == null || runId.isBlank()) {
            throw ApiException.invalid("runId", "runId is required");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw ApiException.invalid("runId", "runId (" + runId + ") must be 1 to 128 "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return runId;
    }

    private Run findRun(String runId, Integer epoch) {
        Run run = runs.find(runId, epoch).orElseThrow(() ->
                ApiException.notFound("runId", "run " + runId + " is not known"));
        if (run.checkpoints().isEmpty()) {
            throw ApiException.notFound("epoch", "run " + runId + " has no checkpoint yet");
        }
        if (epoch != null && !run.checkpoints().containsKey(epoch)) {
            throw ApiException.notFound("epoch", "run " + runId + " has no checkpoint of epoch "
                    + epoch + "; stored epochs: " + run.checkpoints().keySet());
        }
        return run;
    }

    private GridSpec grid(GridRequest request) {
        AxisRequest x = request == null ? null : request.x();
        AxisRequest y = request == null ? null : request.y();
        GridSpec grid = new GridSpec(axis(x, defaults.x()), axis(y, defaults.y()));
        try {
            Grid.validate(grid);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field(e.getMessage()), e.getMessage());
        }
        return grid;
    }

    private static Axis axis(AxisRequest request, ProjectionConfig.Range defaults) {
        if (request == null) {
            return new Axis(defaults.min(), defaults.max(), defaults.points());
        }
        return new Axis(
                Objects.requireNonNullElse(request.min(), defaults.min()),
                Objects.requireNonNullElse(request.max(), defaults.max()),
                Objects.requireNonNullElse(request.points(), defaults.points()));
    }

    private String normalization(String requested) {
        String value = requested != null ? requested : defaults.normalization();
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (!Directions.NORMALIZATIONS.contains(normalized)) {
            throw ApiException.invalid("normalization", "normalization (" + value
                    + ") must be one of " + String.join(", ", Directions.NORMALIZATIONS));
        }
        return normalized;
    }

    private int chunkSize(Integer requested) {
        int value = requested != null ? requested : defaults.chunkSize();
        if (value < 1 || value > SurfacePlan.MAX_CHUNK_SIZE) {
            throw ApiException.invalid("chunkSize", "chunkSize (" + value + ") must be in [1, "
                    + SurfacePlan.MAX_CHUNK_SIZE + "]");
        }
        return value;
    }

    private EvalSetSpec evalSet(EvalSetRequest request, Run run) {
        String dataset = request != null && request.dataset() != null
                ? request.dataset()
                : run.dataset();
        DatasetFacts facts = facts("evalSet.dataset", dataset);
        DatasetFacts trained = facts("evalSet.dataset", run.dataset());
        if (!facts.sameImageShape(trained)) {
            throw ApiException.invalid("evalSet.dataset", "evalSet.dataset (" + dataset
                    + ") has images of " + facts.imageShape() + " but run " + run.runId()
                    + " was trained on " + run.dataset() + " (" + trained.imageShape() + ")");
        }

        String splitText = request != null && request.split() != null
                ? request.split()
                : defaults.split();
        Split split;
        try {
            split = Split.parse(splitText);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("evalSet.split",
                    "evalSet.split (" + splitText + ") must be train or test");
        }

        int size = request != null && request.size() != null ? request.size() : defaults.evalSize();
        int available = facts.size(split);
        if (size < 1 || size > available) {
            throw ApiException.invalid("evalSet.size", "evalSet.size (" + size + ") must be in [1, "
                    + available + "], the size of the " + split.id() + " split of " + dataset);
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

    /** The grid field a validation message blames ("grid.x.min (NaN) must ..."). */
    static String field(String message) {
        Matcher matcher = LEADING_FIELD.matcher(message == null ? "" : message);
        return matcher.find() ? matcher.group(1) : "grid";
    }
}
