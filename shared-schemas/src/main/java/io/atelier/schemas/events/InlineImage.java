package io.atelier.schemas.events;

import java.util.Base64;

/**
 * A small image carried inside a job event, for producers that cannot write to the object store.
 * The decoded image may be at most {@link #MAX_BYTES} bytes; larger images must go through object
 * storage (or the HTTP gateway, which does that for the caller).
 *
 * @param contentType {@code image/png} or {@code image/jpeg}
 * @param data        the image bytes, standard Base64 with padding
 */
public record InlineImage(String contentType, String data) {

    /** Largest decoded inline image: 256 KiB keeps a job record far below Kafka's 1 MiB default. */
    public static final int MAX_BYTES = 256 * 1024;

    /**
     * Largest Base64 text for {@link #MAX_BYTES}; the JSON Schema states this bound, which Base64's
     * 3-byte groups round up by at most two bytes. Consumers check the decoded size exactly.
     */
    public static final int MAX_BASE64_CHARS = 4 * ((MAX_BYTES + 2) / 3);

    public static InlineImage of(String contentType, byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("inline image has " + bytes.length + " bytes; the limit is "
                    + MAX_BYTES + ", store larger images in object storage and send an ImageRef");
        }
        return new InlineImage(contentType, Base64.getEncoder().encodeToString(bytes));
    }

    public byte[] decode() {
        return Base64.getDecoder().decode(data);
    }
}
