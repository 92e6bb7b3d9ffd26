package io.atelier.load;

import io.atelier.schemas.cloudevents.CloudEventCodec;
import io.atelier.schemas.cloudevents.KafkaCloudEvents;
import io.atelier.schemas.events.InlineImage;
import io.atelier.schemas.events.StyleJobRequested;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Sends a bounded number of inline-image style jobs straight to Kafka, as an external producer
 * would, at most at a given rate and for at most a given time. For a fleet on loopback only.
 *
 * <pre>java -cp ... io.atelier.load.KafkaJobLoad &lt;bootstrap&gt; &lt;style&gt; &lt;image.png&gt; &lt;count&gt; &lt;jobs/s&gt;</pre>
 */
public final class KafkaJobLoad {

    private static final Duration MAX_DURATION = Duration.ofMinutes(10);

    private KafkaJobLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: KafkaJobLoad <bootstrap-servers> <style> <image.png> <count> <jobs-per-second>");
            System.exit(2);
        }
        byte[] image = Files.readAllBytes(Path.of(args[2]));
        int count = Integer.parseInt(args[3]);
        double rate = Double.parseDouble(args[4]);
        CloudEventCodec codec = new CloudEventCodec("/atelier/load-tests");
        long deadline = System.nanoTime() + MAX_DURATION.toNanos();
        long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0],
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            int sent = 0;
            for (long next = System.nanoTime(); sent < count && System.nanoTime() < deadline; next += interval) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                StyleJobRequested job = new StyleJobRequested(StyleJobRequested.SCHEMA_VERSION,
                        UUID.randomUUID().toString(), args[1], null, null, InlineImage.of("image/png", image), null,
                        Instant.now(), "load-tests");
                producer.send(KafkaCloudEvents.toRecord(codec.encode(job)));
                sent++;
            }
            producer.flush();
            System.out.println("sent " + sent + " jobs");
        }
    }
}
