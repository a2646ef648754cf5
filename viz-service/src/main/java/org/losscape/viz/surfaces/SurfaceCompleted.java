package org.losscape.viz.surfaces;

/**
 * CDI event fired asynchronously when the last point of a surface arrives over Kafka (not when
 * an archived surface is read back).
 */
public record SurfaceCompleted(String surfaceId) {}
