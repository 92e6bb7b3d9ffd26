package io.atelier.common.storage;

import io.atelier.common.config.StorageConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import io.atelier.schemas.events.ObjectRef;
import io.atelier.schemas.json.EventJson;
import io.atelier.schemas.storage.Bucket;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The services' one door to object storage. Owns the S3 client and closes it on shutdown; every
 * failure of the store surfaces as an {@link ObjectStoreException} that says which object and why. A
 * key the client refuses before it asks the store (an empty, {@code .} or {@code ..} segment) is an
 * {@link IllegalArgumentException} instead, outside the retry policy: retrying it cannot help, and a
 * worker that waits out outages would wait on it for ever.
 *
 * <p>Every call goes through one SmallRye Fault Tolerance policy, so that a store that is briefly
 * gone delays work instead of failing it: retries with exponential backoff, and a circuit breaker
 * per operation that stops hammering a store that is down and lets a request-bound caller answer at
 * once. The defaults suit a request (a few seconds); a service whose work can wait (a queue worker, a
 * training run) raises them in its {@code application.properties} under
 * {@code quarkus.fault-tolerance."io.atelier.common.storage.ObjectStore".retry.*}. Readiness checks
 * use {@link #probe()}, which bypasses the policy: they must say how the store is now. Each call is
 * a span ({@code ObjectStore.<method>}, retries included) in the caller's trace.
 */
@ApplicationScoped
@Retry(retryOn = {ObjectStoreException.class, CircuitBreakerOpenException.class}, maxRetries = 3, delay = 200,
        jitter = 100, maxDuration = 30, durationUnit = ChronoUnit.SECONDS)
@ExponentialBackoff(factor = 2, maxDelay = 5, maxDelayUnit = ChronoUnit.SECONDS)
@CircuitBreaker(failOn = ObjectStoreException.class, requestVolumeThreshold = 8, failureRatio = 0.75, delay = 2,
        delayUnit = ChronoUnit.SECONDS, successThreshold = 1)
public class ObjectStore implements AutoCloseable {

    /** Checks that reach the store directly, outside the retry policy and the circuit breaker. */
    public interface Probe {
        /** Whether the bucket exists; throws {@link ObjectStoreException} when the store cannot be reached. */
        boolean bucketExists(Bucket bucket);
    }

    /** The content type of what {@link #putJson} stores ({@link #json} bytes). */
    public static final String JSON = "application/json";

    /** The smallest part S3 takes, and so the smallest part size the client accepts. */
    private static final long MIN_PART_SIZE = 5L * 1024 * 1024;

    /** S3's error code for a conditional write that found the key taken. */
    private static final String PRECONDITION_FAILED = "PreconditionFailed";

    private final MinioClient client;
    /** Signs URLs for clients: the same client, or one for {@link StorageConfig#publicEndpoint()}. */
    private final MinioClient presigner;

    public ObjectStore(StorageConfig config) {
        this.client = client(config, config.endpoint());
        long request = config.requestTimeout().toMillis();
        client.setTimeout(config.connectTimeout().toMillis(), request, request);
        this.presigner = config.publicEndpoint().map(endpoint -> client(config, endpoint)).orElse(client);
    }

    /** With the region named, the client never asks the store for it (so presigning makes no request). */
    private static MinioClient client(StorageConfig config, String endpoint) {
        return MinioClient.builder()
                .endpoint(endpoint)
                .credentials(config.accessKey(), config.secretKey())
                .region(config.region())
                .build();
    }

    /** Stores bytes and returns their claim check. */
    @WithSpan
    public ObjectRef put(Bucket bucket, @SpanAttribute("atelier.object.key") String key, byte[] data, String contentType) {
        return write(bucket, key, data, contentType);
    }

    /** Stores a value as JSON in the contracts' mapping. */
    @WithSpan
    public ObjectRef putJson(Bucket bucket, @SpanAttribute("atelier.object.key") String key, Object value) {
        return write(bucket, key, json(value), JSON);
    }

    /**
     * Stores bytes unless the key already holds an object ({@code If-None-Match: *}, which S3 and MinIO
     * apply atomically): how two writers racing for one name learn which came first. Empty when another
     * writer's object holds the key. An earlier attempt of this call whose write landed but whose answer
     * was lost (the retry policy calls again) finds its own bytes there, and that counts as written; so
     * does another writer's identical bytes, which callers make unlikely by writing something unique
     * (a job id, a run id).
     */
    @WithSpan
    public Optional<ObjectRef> putIfAbsent(Bucket bucket, @SpanAttribute("atelier.object.key") String key,
                                           byte[] data, String contentType) {
        // one part as large as the object: above 5 MiB the client would otherwise upload in parts, and
        // the condition would go with the first request only, not with the one that completes the upload
        PutObjectArgs args = putArgs(bucket, key, data, contentType, Math.max(data.length, MIN_PART_SIZE))
                .headers(Map.of("If-None-Match", "*")).build();
        try {
            client.putObject(args);
        } catch (ErrorResponseException e) {
            if (!PRECONDITION_FAILED.equals(e.errorResponse().code())) {
                throw new ObjectStoreException("cannot write " + describe(bucket, key), e);
            }
            if (!read(bucket, key).map(stored -> Arrays.equals(stored, data)).orElse(false)) {
                return Optional.empty();
            }
        } catch (Exception e) {
            throw new ObjectStoreException("cannot write " + describe(bucket, key), e);
        }
        return Optional.of(new ObjectRef(bucket.bucketName(), key, sha256(data), data.length));
    }

    /** Reads a JSON object, or empty when there is no such object. */
    @WithSpan
    public <T> Optional<T> getJson(Bucket bucket, @SpanAttribute("atelier.object.key") String key, Class<T> type) {
        return readJson(bucket, key, EventJson.mapper().constructType(type));
    }

    /** As {@link #getJson(Bucket, String, Class)}, for a generic type ({@code Entry<StyleJobRequested>}). */
    @WithSpan
    public <T> Optional<T> getJson(Bucket bucket, @SpanAttribute("atelier.object.key") String key, JavaType type) {
        return readJson(bucket, key, type);
    }

    /** The object's bytes, or empty when there is no such object. */
    @WithSpan
    public Optional<byte[]> get(Bucket bucket, @SpanAttribute("atelier.object.key") String key) {
        return read(bucket, key);
    }

    private <T> Optional<T> readJson(Bucket bucket, String key, JavaType type) {
        return read(bucket, key).map(bytes -> {
            try {
                return EventJson.mapper().readValue(bytes, type);
            } catch (IOException e) {
                throw new IllegalStateException(describe(bucket, key) + " is not a valid " + type.getRawClass()
                        .getSimpleName() + ": " + e.getMessage(), e);
            }
        });
    }

    /** A value as {@link #putJson} stores it. */
    public static byte[] json(Object value) {
        try {
            return EventJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    // Private methods are not intercepted: the compound calls above go through the policy once.
    private ObjectRef write(Bucket bucket, String key, byte[] data, String contentType) {
        PutObjectArgs args = putArgs(bucket, key, data, contentType, -1).build();
        try {
            client.putObject(args);
            return new ObjectRef(bucket.bucketName(), key, sha256(data), data.length);
        } catch (Exception e) {
            throw new ObjectStoreException("cannot write " + describe(bucket, key), e);
        }
    }

    /** {@code partSize} -1: the client's choice (in parts above 5 MiB). */
    private static PutObjectArgs.Builder putArgs(Bucket bucket, String key, byte[] data, String contentType,
                                                 long partSize) {
        return PutObjectArgs.builder().bucket(bucket.bucketName()).object(key)
                .stream(new ByteArrayInputStream(data), data.length, partSize).contentType(contentType);
    }

    private Optional<byte[]> read(Bucket bucket, String key) {
        GetObjectArgs args = GetObjectArgs.builder().bucket(bucket.bucketName()).object(key).build();
        try (GetObjectResponse in = client.getObject(args)) {
            return Optional.of(readAll(in));
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw new ObjectStoreException("cannot read " + describe(bucket, key), e);
        } catch (Exception e) {
            throw new ObjectStoreException("cannot read " + describe(bucket, key), e);
        }
    }

    /**
     * Into one array of the object's length: {@code readAllBytes} gathers chunks and then copies them,
     * so a 12 MB upload would take 24 MB of a worker's heap at once.
     */
    private static byte[] readAll(GetObjectResponse in) throws IOException {
        String length = in.headers().get("Content-Length");
        if (length == null) {
            return in.readAllBytes();
        }
        byte[] data = new byte[Math.toIntExact(Long.parseLong(length))];
        int read = in.readNBytes(data, 0, data.length);
        if (read != data.length) {
            throw new EOFException("the object ended after " + read + " of its " + data.length + " bytes");
        }
        return data;
    }

    @WithSpan
    public boolean exists(Bucket bucket, @SpanAttribute("atelier.object.key") String key) {
        StatObjectArgs args = StatObjectArgs.builder().bucket(bucket.bucketName()).object(key).build();
        try {
            client.statObject(args);
            return true;
        } catch (ErrorResponseException e) {
            if (isNotFound(e)) {
                return false;
            }
            throw new ObjectStoreException("cannot check " + describe(bucket, key), e);
        } catch (Exception e) {
            throw new ObjectStoreException("cannot check " + describe(bucket, key), e);
        }
    }

    /** Deletes the object; deleting a missing object is not an error. */
    @WithSpan
    public void delete(Bucket bucket, @SpanAttribute("atelier.object.key") String key) {
        RemoveObjectArgs args = RemoveObjectArgs.builder().bucket(bucket.bucketName()).object(key).build();
        try {
            client.removeObject(args);
        } catch (Exception e) {
            throw new ObjectStoreException("cannot delete " + describe(bucket, key), e);
        }
    }

    /** Keys under a prefix, in the store's (lexicographic) order. */
    @WithSpan
    public List<String> list(Bucket bucket, @SpanAttribute("atelier.object.prefix") String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(bucket.bucketName())
                    .prefix(prefix).recursive(true).build())) {
                keys.add(item.get().objectName());
            }
            return keys;
        } catch (Exception e) {
            throw new ObjectStoreException("cannot list " + describe(bucket, prefix), e);
        }
    }

    /**
     * A URL that lets anyone holding it read the object until it expires, on the public endpoint when
     * one is configured.
     */
    public String presignGet(Bucket bucket, String key, Duration expiry) {
        GetPresignedObjectUrlArgs args = GetPresignedObjectUrlArgs.builder().method(Method.GET)
                .bucket(bucket.bucketName()).object(key).expiry((int) expiry.toSeconds(), TimeUnit.SECONDS).build();
        try {
            return presigner.getPresignedObjectUrl(args);
        } catch (Exception e) {
            throw new ObjectStoreException("cannot presign " + describe(bucket, key), e);
        }
    }

    /** Direct checks for readiness, outside the retry policy. */
    public Probe probe() {
        return bucket -> {
            try {
                return client.bucketExists(BucketExistsArgs.builder().bucket(bucket.bucketName()).build());
            } catch (Exception e) {
                throw new ObjectStoreException("cannot reach the object store for bucket " + bucket.bucketName(), e);
            }
        };
    }

    @PreDestroy
    @Override
    public void close() {
        try {
            client.close();
            if (presigner != client) {
                presigner.close();
            }
        } catch (Exception e) {
            throw new ObjectStoreException("cannot close the object-store client", e);
        }
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    private static String describe(Bucket bucket, String key) {
        return "s3://" + bucket.bucketName() + "/" + key;
    }
}
