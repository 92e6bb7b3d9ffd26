package io.atelier.ingest.security;

/**
 * The roles an API key grants, from its configured scope: every key is a {@link #USER}; a key whose
 * scope is {@code admin} is also an {@link #ADMIN}, so an endpoint names the least role it needs.
 */
public final class Roles {

    /** May submit and follow jobs and read the style registry. */
    public static final String USER = "user";

    /** May also train styles. */
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
