package org.losscape.projection.api;

/**
 * The JSON body of every error response.
 *
 * @param type {@code invalid-request}, {@code not-found}, {@code conflict},
 *     {@code payload-too-large}, {@code http} or {@code internal}
 * @param field the request field at fault, dotted for nested fields; null if none
 * @param message what is wrong, with the value and the allowed range where they apply
 */
public record ApiError(String type, String field, String message) {}
