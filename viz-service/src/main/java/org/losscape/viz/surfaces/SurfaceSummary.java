package org.losscape.viz.surfaces;

import java.time.Instant;
import org.losscape.messages.DirectionSpec;
import org.losscape.messages.EvalSetSpec;
import org.losscape.messages.GridSpec;
import org.losscape.messages.SurfacePlanned.InterpolationSpec;
import org.losscape.messages.SurfacePlanned.TrajectorySpec;

/**
 * What the service knows about a surface: its plan and its progress.
 *
 * @param kind the view: {@code plane}, {@code line}, {@code pca} or {@code interpolation}
 * @param groupId shared by the surfaces planned together (the train and test curves of an
 *     interpolation, the seeds of a 1-D spread, the runs of a comparison); null when alone
 * @param chunksReceived distinct chunk indices that brought at least one new point
 * @param nonFinitePoints stored points whose loss is NaN or infinite (they count as done)
 * @param minLoss smallest finite loss stored, null while there is none
 * @param maxLoss largest finite loss stored, null while there is none
 * @param state {@code planned}, {@code running} or {@code complete}
 * @param failedPoints points of chunks the surface workers gave up on (sent to
 *     {@code surface-chunks-dlq}) that have not arrived since; 0 when none
 * @param failureReason the workers' reason for the first such chunk, null while
 *     {@code failedPoints} is 0 or when the dead-lettered record had no reason
 * @param pointsPerSecond new points per second, from the send time (Kafka record timestamp) of
 *     the first chunk to the latest; null before two send times. A replay gives the same rate.
 * @param evaluationSeconds worker time spent on the chunks that brought new points, in seconds
 * @param updatedAt when the latest new point was sent, null before any (and for a surface read
 *     back from the archive whose chunks Kafka no longer holds)
 * @param completedAt when the last point was sent, null until then (and for such a surface)
 * @param trajectory explained-variance ratios and projected training path of a {@code pca}
 *     surface, as planned; null for other kinds
 * @param interpolation the solution at α = 1 of an {@code interpolation} (the checkpoint of
 *     this surface is α = 0); null for other kinds
 */
public record SurfaceSummary(
        String surfaceId,
        String runId,
        String model,
        int epoch,
        String checkpointKey,
        GridSpec grid,
        DirectionSpec directions,
        EvalSetSpec evalSet,
        int chunkCount,
        int chunksReceived,
        int pointsDone,
        int pointsTotal,
        int nonFinitePoints,
        Double minLoss,
        Double maxLoss,
        String state,
        int failedPoints,
        String failureReason,
        Double pointsPerSecond,
        double evaluationSeconds,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        String kind,
        String groupId,
        TrajectorySpec trajectory,
        InterpolationSpec interpolation) {}
