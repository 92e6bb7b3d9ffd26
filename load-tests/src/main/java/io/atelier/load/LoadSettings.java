package io.atelier.load;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings of one load run, from {@code ./atelier load} options or from {@code atelier.load.*}
 * system properties (how the Gatling simulation, which Gatling instantiates itself, receives them).
 * Every run is bounded: at most {@link #MAX_RATE} jobs a second for at most {@link #MAX_DURATION}.
 *
 * @param url          the ingest service (HTTP scenario)
 * @param bootstrap    the Kafka cluster (Kafka scenario)
 * @param style        a style that has a model
 * @param rate         jobs a second once ramped up (open model)
 * @param users        when above 0, a closed model instead: this many users, each uploading and following its
 *                     job to the end before the next one starts (ramped up over {@code ramp}); {@code rate}
 *                     is then unused
 * @param rampFrom     the rate the ramp starts at
 * @param ramp         how long the arrival rate ramps from {@code rampFrom} to {@code rate}; zero for none
 * @param duration     how long the constant rate lasts (after the ramp)
 * @param sizes        longest sides of the photos, used in turn
 * @param apiKeys      API keys, used in turn
 * @param poll         interval between status polls of one job
 * @param jobTimeout   how long a job may take from acceptance to a terminal state
 * @param input        how Kafka jobs carry their image: {@code inline} or {@code claim-check}
 * @param s3           the object store claim-check jobs put their image into
 * @param s3AccessKey  its access key
 * @param s3SecretKey  its secret key
 * @param samples      folder of the photos
 * @param out          folder for the report and summary
 * @param allowRemote  whether targets other than loopback addresses are allowed
 */
public record LoadSettings(URI url, String bootstrap, String style, double rate, int users, double rampFrom,
                           Duration ramp, Duration duration, List<Integer> sizes, List<String> apiKeys, Duration poll,
                           Duration jobTimeout, String input, URI s3, String s3AccessKey,
                           String s3SecretKey, Path samples, Path out, boolean allowRemote) {

    public static final double MAX_RATE = 200;
    public static final int MAX_USERS = 200;
    public static final Duration MAX_DURATION = Duration.ofMinutes(10);
    /**
     * Longest side a run may scale photos to: 37.7 to 57.3 Mpx for the bundled photos, so runs can go up
     * to the gateway's default 40 Mpx and past it (6800 px keeps all twelve under it).
     */
    public static final int MAX_SIDE = 8192;
    public static final String PREFIX = "atelier.load.";

    /** Option names, as given on the command line without {@code --}, with their defaults. */
    static final Map<String, String> DEFAULTS = defaults();

    public LoadSettings {
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new IllegalArgumentException("--rate must be above 0 and at most " + MAX_RATE + " jobs/s: " + rate);
        }
        if (users < 0 || users > MAX_USERS) {
            throw new IllegalArgumentException("--users must be between 0 (open model) and " + MAX_USERS + ": " + users);
        }
        if (!(rampFrom >= 0 && rampFrom <= MAX_RATE)) {
            throw new IllegalArgumentException("--ramp-from must be between 0 and " + MAX_RATE + ": " + rampFrom);
        }
        if (duration.isNegative() || duration.isZero() || duration.plus(ramp).compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("--duration plus --ramp must be above 0 and at most " + MAX_DURATION);
        }
        if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 16 || s > MAX_SIDE)) {
            throw new IllegalArgumentException("--size must list sides between 16 and " + MAX_SIDE + " px: " + sizes);
        }
        if (apiKeys.isEmpty()) {
            throw new IllegalArgumentException("--api-keys needs at least one key");
        }
        if (!input.equals("inline") && !input.equals("claim-check")) {
            throw new IllegalArgumentException("--input must be inline or claim-check: " + input);
        }
        sizes = List.copyOf(sizes);
        apiKeys = List.copyOf(apiKeys);
    }

    private static Map<String, String> defaults() {
        Map<String, String> env = System.getenv();
        Map<String, String> d = new LinkedHashMap<>();
        d.put("url", env.getOrDefault("ATELIER_URL",
                "http://127.0.0.1:" + env.getOrDefault("ATELIER_INGEST_PORT", "8080")));
        d.put("bootstrap", env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:" + env.getOrDefault("ATELIER_KAFKA_PORT", "9092")));
        d.put("style", "starry-night");
        d.put("rate", "1");
        d.put("users", "0");
        d.put("ramp-from", "0.1");
        d.put("ramp", "5s");
        d.put("duration", "30s");
        d.put("size", "256,512");
        d.put("api-keys", env.getOrDefault("ATELIER_API_KEY", "demo-key"));
        d.put("poll", "250ms");
        d.put("job-timeout", "120s");
        d.put("input", "inline");
        d.put("s3", env.getOrDefault("ATELIER_STORAGE_ENDPOINT",
                "http://127.0.0.1:" + env.getOrDefault("ATELIER_S3_PORT", "9000")));
        d.put("s3-access-key", env.getOrDefault("ATELIER_S3_ACCESS_KEY", "atelier"));
        d.put("s3-secret-key", env.getOrDefault("ATELIER_S3_SECRET_KEY", "atelier-secret-key"));
        // from the repository's root (./atelier) or from load-tests/ (the Gatling Maven plugin)
        d.put("samples", Files.isDirectory(Path.of("infra/samples/content")) ? "infra/samples/content"
                : "../infra/samples/content");
        d.put("out", "");
        d.put("allow-remote", "false");
        return Map.copyOf(d);
    }

    /** Settings from {@code --name value} options over the defaults; unknown options are refused. */
    public static LoadSettings fromArgs(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || !DEFAULTS.containsKey(arg.substring(2))) {
                throw new IllegalArgumentException("unknown option " + arg + "; options: --" + String.join(", --",
                        DEFAULTS.keySet().stream().sorted().toList()));
            }
            String name = arg.substring(2);
            if (name.equals("allow-remote")) {
                values.put(name, "true");
            } else if (i + 1 < args.size()) {
                values.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return of(name -> values.getOrDefault(name, DEFAULTS.get(name)));
    }

    /** Settings from {@code atelier.load.<option>} system properties over the defaults. */
    public static LoadSettings fromSystemProperties() {
        return of(name -> System.getProperty(PREFIX + name, DEFAULTS.get(name)));
    }

    /** The settings as {@code atelier.load.*} system properties, for {@link #fromSystemProperties()}. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("url", url.toString());
        p.put("bootstrap", bootstrap);
        p.put("style", style);
        p.put("rate", Double.toString(rate));
        p.put("users", Integer.toString(users));
        p.put("ramp-from", Double.toString(rampFrom));
        p.put("ramp", ramp.toMillis() + "ms");
        p.put("duration", duration.toMillis() + "ms");
        p.put("size", String.join(",", sizes.stream().map(String::valueOf).toList()));
        p.put("api-keys", String.join(",", apiKeys));
        p.put("poll", poll.toMillis() + "ms");
        p.put("job-timeout", jobTimeout.toMillis() + "ms");
        p.put("input", input);
        p.put("s3", s3.toString());
        p.put("s3-access-key", s3AccessKey);
        p.put("s3-secret-key", s3SecretKey);
        p.put("samples", samples.toString());
        p.put("out", out.toString());
        p.put("allow-remote", Boolean.toString(allowRemote));
        Map<String, String> prefixed = new LinkedHashMap<>();
        p.forEach((k, v) -> prefixed.put(PREFIX + k, v));
        return prefixed;
    }

    private static LoadSettings of(Function<String, String> value) {
        String out = value.apply("out");
        return new LoadSettings(URI.create(stripSlash(value.apply("url"))), value.apply("bootstrap"),
                value.apply("style"), Double.parseDouble(value.apply("rate")), Integer.parseInt(value.apply("users")),
                Double.parseDouble(value.apply("ramp-from")), parseDuration(value.apply("ramp")),
                parseDuration(value.apply("duration")), parseInts(value.apply("size")),
                Arrays.stream(value.apply("api-keys").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                parseDuration(value.apply("poll")), parseDuration(value.apply("job-timeout")), value.apply("input"),
                URI.create(value.apply("s3")), value.apply("s3-access-key"), value.apply("s3-secret-key"),
                Path.of(value.apply("samples")), out.isEmpty() ? null : Path.of(out),
                Boolean.parseBoolean(value.apply("allow-remote")));
    }

    /** The same settings writing to another folder. */
    public LoadSettings withOut(Path folder) {
        return new LoadSettings(url, bootstrap, style, rate, users, rampFrom, ramp, duration, sizes, apiKeys, poll,
                jobTimeout, input, s3, s3AccessKey, s3SecretKey, samples, folder, allowRemote);
    }

    /** Whether users arrive at a rate (open model) rather than a fixed number of them looping (closed). */
    public boolean openModel() {
        return users == 0;
    }

    /** The jobs an open-model run sends at most: the ramp's and the constant part's. */
    public long plannedJobs() {
        double rampJobs = (rampFrom + rate) / 2 * ramp.toMillis() / 1000.0;
        return Math.round(rampJobs + rate * duration.toMillis() / 1000.0);
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms} or plain seconds. */
    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            } else if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration (30s, 2m, 500ms): " + text, e);
        }
    }

    private static List<Integer> parseInts(String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                values.add(Integer.parseInt(part.trim()));
            }
        }
        return values;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Refuses a target that is not a loopback address unless {@code --allow-remote} was given. */
    public void requireLoopback(String what, String host) {
        if (allowRemote) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException(what + " " + host + " is not a loopback address; pass "
                            + "--allow-remote to load another machine on purpose");
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + " " + host + " does not resolve", e);
        }
    }
}
