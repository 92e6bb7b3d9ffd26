package io.atelier.schemas.cloudevents;

/**
 * Header names of the CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel
 * as {@code ce_*} headers (UTF-8 strings), the event data as the record value.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String SOURCE = "ce_source";
    public static final String TYPE = "ce_type";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";

    /** W3C trace context, carried beside the CloudEvents attributes. */
    public static final String TRACEPARENT = "traceparent";

    public static final String SPEC_VERSION_1_0 = "1.0";
    public static final String JSON = "application/json";

    /*
     * Dead-letter records: the original record plus why it was rejected, in the header names of
     * SmallRye's dead-letter-queue failure strategy, which writes the records the services nack, so
     * every record on a dead-letter topic reads the same; Atelier adds its reason code.
     */
    /** What went wrong, for a person. */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    /** The {@code FailureReason} code; absent only on a record the connector dead-lettered unclassified. */
    public static final String DEAD_LETTER_FAILURE_REASON = "dead-letter-failure-reason";
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    public static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    public static final String DEAD_LETTER_OFFSET = "dead-letter-offset";

    private CloudEventHeaders() {
    }
}
