package io.atelier.schemas.events;

/**
 * A set of objects under one prefix, such as a content corpus.
 *
 * @param bucket bucket holding the objects
 * @param prefix key prefix, ending with {@code /}
 */
public record ObjectPrefix(String bucket, String prefix) {
}
