package io.atelier.ingest.security;

import io.atelier.ingest.config.IngestConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Turns a presented API key into an identity: the principal is the key's configured name (what the
 * rate limiter and idempotency records are keyed by), the roles come from its scope ({@link Roles}).
 * Every configured key is compared, in constant time, so timing tells nothing about how close a guess
 * was or which key it resembled. An unknown key fails with {@link AuthenticationFailedException}.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final IngestConfig config;

    public ApiKeyIdentityProvider(IngestConfig config) {
        this.config = config;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        // a few byte comparisons: no need to leave the event loop
        return Uni.createFrom().item(() -> identify(request));
    }

    private SecurityIdentity identify(TokenAuthenticationRequest request) {
        byte[] candidate = request.getToken().getToken().getBytes(StandardCharsets.UTF_8);
        Map.Entry<String, IngestConfig.ApiKey> match = null;
        for (Map.Entry<String, IngestConfig.ApiKey> key : config.apiKeys().entrySet()) {
            if (MessageDigest.isEqual(candidate, key.getValue().key().getBytes(StandardCharsets.UTF_8))) {
                match = key;
            }
        }
        if (match == null) {
            throw new AuthenticationFailedException("unknown API key");
        }
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(match.getKey())).addCredential(request.getToken())
                .addRole(Roles.USER);
        if (Roles.ADMIN.equals(match.getValue().scope())) {
            identity.addRole(Roles.ADMIN);
        }
        return identity.build();
    }
}
