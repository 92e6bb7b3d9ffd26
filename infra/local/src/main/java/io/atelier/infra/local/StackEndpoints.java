package io.atelier.infra.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach a running stack, and the configuration a service needs for it.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param s3Endpoint       S3 endpoint URL
 * @param s3AccessKey      S3 access key
 * @param s3SecretKey      S3 secret key
 */
public record StackEndpoints(String bootstrapServers, String s3Endpoint, String s3AccessKey, String s3SecretKey) {

    /** Configuration properties of an Atelier service (Quarkus names). */
    public Map<String, String> serviceProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("kafka.bootstrap.servers", bootstrapServers);
        props.put("atelier.storage.endpoint", s3Endpoint);
        props.put("atelier.storage.access-key", s3AccessKey);
        props.put("atelier.storage.secret-key", s3SecretKey);
        props.put("atelier.storage.region", S3Server.REGION);
        return props;
    }

    /** The same configuration as environment variables, as Quarkus maps them. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        serviceProperties().forEach((key, value) ->
                env.put(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value));
        return env;
    }
}
