package io.atelier.ingest.security;

import io.atelier.ingest.IngestProblem;
import io.atelier.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * API keys from configuration, sent as {@code X-API-Key} or {@code Authorization: Bearer}. Every
 * configured key is compared in constant time, so timing tells nothing about how close a guess was.
 */
@ApplicationScoped
public class ApiKeys {

    private final IngestConfig config;

    public ApiKeys(IngestConfig config) {
        this.config = config;
    }

    public Caller authenticate(String apiKeyHeader, String authorization) {
        String presented = apiKeyHeader;
        if (presented == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).trim();
        }
        if (presented == null || presented.isEmpty()) {
            throw new IngestProblem(Response.Status.UNAUTHORIZED, "unauthorized", "Unauthorized",
                    "send an API key in X-API-Key or as a Bearer token");
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        Caller match = null;
        for (Map.Entry<String, IngestConfig.ApiKey> key : config.apiKeys().entrySet()) {
            if (MessageDigest.isEqual(candidate, key.getValue().key().getBytes(StandardCharsets.UTF_8))) {
                match = new Caller(key.getKey(), "admin".equals(key.getValue().scope()));
            }
        }
        if (match == null) {
            throw new IngestProblem(Response.Status.UNAUTHORIZED, "unauthorized", "Unauthorized", "unknown API key");
        }
        return match;
    }

    /** Fails with 403 unless the caller has the admin scope. */
    public static void requireAdmin(Caller caller) {
        if (!caller.admin()) {
            throw new IngestProblem(Response.Status.FORBIDDEN, "forbidden", "Forbidden",
                    "API key '" + caller.name() + "' lacks the admin scope");
        }
    }
}
