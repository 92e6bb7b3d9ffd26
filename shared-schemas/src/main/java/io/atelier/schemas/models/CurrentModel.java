package io.atelier.schemas.models;

import java.time.Instant;

/**
 * {@code models/{style}/current.json}: the version a style runs when a job pins none. Publishing and
 * rollback rewrite only this object.
 *
 * @param style     style name
 * @param version   current version
 * @param updatedAt when the pointer moved
 */
public record CurrentModel(String style, String version, Instant updatedAt) {
}
