package io.atelier.schemas.events;

/**
 * Claim check for a non-image object (a model, a manifest).
 *
 * @param bucket bucket holding the object
 * @param key    object key
 * @param sha256 lower-case hex SHA-256 of the stored bytes
 * @param size   size in bytes
 */
public record ObjectRef(String bucket, String key, String sha256, long size) {
}
