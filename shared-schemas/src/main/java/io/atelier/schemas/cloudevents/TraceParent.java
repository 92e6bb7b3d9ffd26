package io.atelier.schemas.cloudevents;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * W3C trace context ({@code traceparent} header, version 00), carried from a job's record to the
 * events it causes, so one trace spans the upload, the queue and the worker.
 *
 * @param traceId 32 lower-case hex digits
 * @param spanId  16 lower-case hex digits
 * @param flags   2 hex digits ({@code 01} = sampled)
 */
public record TraceParent(String traceId, String spanId, String flags) {

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Parses a header value; empty when absent or malformed (a bad header must not fail a job). */
    public static Optional<TraceParent> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        var matcher = FORMAT.matcher(header.trim());
        if (!matcher.matches() || matcher.group(1).chars().allMatch(c -> c == '0')
                || matcher.group(2).chars().allMatch(c -> c == '0')) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(matcher.group(1), matcher.group(2), matcher.group(3)));
    }

    /** A new root trace, for work that arrived without one. */
    public static TraceParent root() {
        return new TraceParent(randomHex(16), randomHex(8), "01");
    }

    /** The same trace, with a new span of its own. */
    public TraceParent child() {
        return new TraceParent(traceId, randomHex(8), flags);
    }

    @Override
    public String toString() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
