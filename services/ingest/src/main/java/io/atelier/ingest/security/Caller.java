package io.atelier.ingest.security;

/**
 * Who is calling.
 *
 * @param name  the API key's configured name
 * @param admin whether the key has the admin scope
 */
public record Caller(String name, boolean admin) {
}
