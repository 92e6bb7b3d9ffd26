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

    /** Dead-letter records: why the original record was rejected. */
    public static final String DLQ_REASON = "atelier_dlq_reason";
    public static final String DLQ_MESSAGE = "atelier_dlq_message";
    public static final String DLQ_ORIGINAL_TOPIC = "atelier_dlq_topic";
    public static final String DLQ_ORIGINAL_PARTITION = "atelier_dlq_partition";
    public static final String DLQ_ORIGINAL_OFFSET = "atelier_dlq_offset";

    private CloudEventHeaders() {
    }
}
