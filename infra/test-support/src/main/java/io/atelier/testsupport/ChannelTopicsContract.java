package io.atelier.testsupport;

import io.atelier.schemas.topics.TopicSpec;
import io.atelier.schemas.topics.ConsumerGroups;
import io.atelier.schemas.topics.Topics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every service's channel configuration promises against the contract: each channel's topic is
 * a topic of {@code topics.json} (the {@code Topics} constants), every incoming channel names its
 * failure strategy and waits for a record as long as its processing takes, a dead-letter strategy
 * writes to the topic the spec pairs with the channel's, and the style-job workers consume in the
 * group whose lag the gateway reads.
 * A service test extends this; it reads the service's {@code application.properties}.
 */
public abstract class ChannelTopicsContract {

    private static final Pattern TOPIC = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([a-z-]+)\\.topic");

    @Test
    void everyChannelTopicIsInTheSpec() {
        Set<String> spec = spec().keySet();
        Map<String, String> topics = channelTopics();
        assertFalse(topics.isEmpty(), "no channel with a topic in application.properties");
        topics.forEach((channel, topic) -> assertTrue(spec.contains(topic),
                channel + " uses topic " + topic + ", which topics.json does not define"));
    }

    @Test
    void everyIncomingChannelNamesItsFailureStrategyAndDeadLettersGoWhereTheSpecSays() {
        Properties properties = properties();
        Map<String, TopicSpec.Topic> spec = spec();
        channelTopics().forEach((channel, topic) -> {
            if (!channel.startsWith("incoming.")) {
                return;
            }
            String prefix = "mp.messaging." + channel + ".";
            String strategy = properties.getProperty(prefix + "failure-strategy");
            assertTrue(strategy != null, channel + " has no explicit failure-strategy");
            if (strategy.equals("dead-letter-queue")) {
                String deadLetters = properties.getProperty(prefix + "dead-letter-queue.topic");
                String paired = spec.values().stream().filter(t -> topic.equals(t.deadLetterOf()))
                        .map(TopicSpec.Topic::name).findFirst().orElse(null);
                assertEquals(paired, deadLetters, channel + " dead-letters elsewhere than topics.json pairs with "
                        + topic);
            }
        });
    }

    /**
     * The throttled commit strategy closes a consumer for good once a record waits past this age
     * (60 s unless set), and our consumers wait out an object store that is gone for as long as it is
     * gone: the check would turn an outage into a process that needs a restart.
     */
    @Test
    void noIncomingChannelGivesUpOnARecordThatWaitsOutAnOutage() {
        Properties properties = properties();
        channelTopics().keySet().stream().filter(channel -> channel.startsWith("incoming.")).forEach(channel ->
                assertEquals("0", properties.getProperty("mp.messaging." + channel
                        + ".throttled.unprocessed-record-max-age.ms"), channel + " closes its consumer when a record"
                        + " waits long; set throttled.unprocessed-record-max-age.ms=0"));
    }

    /**
     * A consumer that subscribes before the topics exist (pods that start before the topic job ends)
     * must wait for them: one that creates its topic gets the broker's default partitions, one, and
     * the fleet cannot scale past one worker.
     */
    @Test
    void noIncomingChannelCreatesItsTopic() {
        Properties properties = properties();
        channelTopics().keySet().stream().filter(channel -> channel.startsWith("incoming.")).forEach(channel ->
                assertEquals("false", properties.getProperty("mp.messaging." + channel + ".allow.auto.create.topics"),
                        channel + " would create its topic with the broker's defaults; set"
                                + " allow.auto.create.topics=false"));
    }

    @Test
    void theStyleJobWorkersConsumeAsTheGroupTheGatewayWatches() {
        Properties properties = properties();
        channelTopics().forEach((channel, topic) -> {
            if (channel.startsWith("incoming.") && topic.equals(Topics.STYLE_JOBS)) {
                assertEquals(ConsumerGroups.STYLE_JOB_WORKERS, properties.getProperty("mp.messaging." + channel + ".group.id"),
                        channel + " consumes " + topic + " outside the group whose lag bounds the queue");
            }
        });
    }

    /** Channel ({@code incoming.name} or {@code outgoing.name}) to topic. */
    private static Map<String, String> channelTopics() {
        Map<String, String> topics = new TreeMap<>();
        properties().forEach((key, value) -> {
            Matcher matcher = TOPIC.matcher(key.toString());
            if (matcher.matches()) {
                topics.put(matcher.group(1) + "." + matcher.group(2), value.toString());
            }
        });
        return topics;
    }

    private static Map<String, TopicSpec.Topic> spec() {
        return TopicSpec.load().topics().stream().collect(Collectors.toMap(TopicSpec.Topic::name, t -> t));
    }

    private static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = ChannelTopicsContract.class.getClassLoader()
                .getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("application.properties is not on the test classpath");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
