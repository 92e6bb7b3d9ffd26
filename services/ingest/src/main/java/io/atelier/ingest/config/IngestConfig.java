package io.atelier.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** Limits and access of the upload gateway. */
@ConfigMapping(prefix = "atelier.ingest")
public interface IngestConfig {

    /** Largest image file accepted, in bytes; a larger file part is refused with 413. */
    @WithDefault("10485760")
    long maxImageBytes();

    /**
     * Largest request body, in bytes, a little above {@link #maxImageBytes()} for the form's other
     * fields. A request that declares more in {@code Content-Length} gets a 413 problem document
     * before its body is read. Keep {@code quarkus.http.limits.max-body-size} above this: Quarkus
     * applies that limit first, to chunked bodies as they stream, with a plain 413.
     */
    @WithDefault("11534336")
    long maxRequestBytes();

    /** Largest width x height accepted, read from the image header before any pixel is decoded. */
    @WithDefault("40000000")
    long maxPixels();

    /**
     * Most pixels (width x height) the gateway decodes at once, over all uploads in progress. Decoding
     * and normalising an upload allocates 14 to 16 bytes a pixel (547 to 625 MiB for a 40 Mpx JPEG), so this,
     * not the number of requests, bounds the heap uploads take; the default admits one upload of
     * {@link #maxPixels()} or several ordinary photos at once.
     */
    @WithDefault("40000000")
    long decodePixels();

    /**
     * How long an upload waits for {@link #decodePixels()} before it is answered 503 with a
     * Retry-After: the client learns the gateway is busy instead of waiting without end.
     */
    @WithDefault("10s")
    Duration decodeWait();

    /** How long a presigned output URL stays valid. */
    @WithDefault("15m")
    Duration outputUrlExpiry();

    /** How long to wait for the broker's acknowledgement of a job before answering 503. */
    @WithDefault("10s")
    Duration brokerTimeout();

    /** Uploads each API key may make per minute (per replica). */
    @WithDefault("60")
    int uploadsPerMinute();

    /** The bound on the job queue. */
    Queue queue();

    /** Content corpus (under {@code content/} in the datasets bucket) that new styles train on. */
    @WithDefault("samples")
    String contentCorpus();

    /** API keys by name: {@code atelier.ingest.api-keys.<name>.key} and {@code .scope} ({@code user} or {@code admin}). */
    Map<String, ApiKey> apiKeys();

    /**
     * Past the fleet's throughput, jobs wait in Kafka; without a bound the wait grows for as long as
     * the overload lasts. The gateway reads the workers' consumer lag and answers 503 with
     * {@code Retry-After} while it is at {@link #maxJobs()}, so a client hears "later" at once instead
     * of a job that finishes minutes after it stopped caring.
     */
    interface Queue {
        /** Jobs queued and not yet taken by a worker at which uploads are refused; 0 turns the bound off. */
        @WithDefault("200")
        long maxJobs();

        /** How often the backlog is read from the broker; an older reading counts as unknown and admits. */
        @WithDefault("1s")
        Duration refresh();
    }

    /** One API key. */
    interface ApiKey {
        /** The secret; give it through the environment or a secret, never a committed file. */
        String key();

        /** {@code user} may upload jobs; {@code admin} may also train styles. */
        @WithDefault("user")
        String scope();
    }
}
