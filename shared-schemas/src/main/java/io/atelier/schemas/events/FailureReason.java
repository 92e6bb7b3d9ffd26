package io.atelier.schemas.events;

/** Why a job could not be done; stable codes that producers may branch on. */
public enum FailureReason {
    /** The event was not valid JSON, or did not match its schema. */
    MALFORMED_EVENT,
    /** The input object named by the event does not exist. */
    INPUT_MISSING,
    /** The input exists but is not a decodable image, or its checksum does not match. */
    INPUT_INVALID,
    /** No model is published for the style (or the pinned version). */
    UNKNOWN_STYLE,
    /** The model exists but could not be loaded or broke its input/output contract. */
    MODEL_UNAVAILABLE,
    /** Anything else, after retries. */
    PROCESSING_ERROR
}
