package org.losscape.viz.api;

/**
 * The JSON body of every error response.
 *
 * @param type {@code bad-request}, {@code not-found}, {@code conflict}, {@code
 *     method-not-allowed}, {@code not-acceptable}, {@code unsupported-media-type}, {@code
 *     payload-too-large}, {@code internal}, or {@code http-<status>} for another status of the
 *     HTTP layer
 * @param field the path or query parameter at fault, or null
 * @param message what went wrong, with the offending value and what is allowed
 */
public record ApiError(String type, String field, String message) {}
