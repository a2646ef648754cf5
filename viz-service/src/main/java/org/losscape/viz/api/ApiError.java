package org.losscape.viz.api;

/**
 * The JSON body of every error response.
 *
 * @param type {@code not-found} or {@code bad-request}
 * @param field the path or query parameter at fault, or null
 * @param message what went wrong, with the offending value and what is allowed
 */
public record ApiError(String type, String field, String message) {}
