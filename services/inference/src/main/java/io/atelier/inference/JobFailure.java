package io.atelier.inference;

import io.atelier.schemas.events.FailureReason;

/** A job cannot be done; carries the contract's reason code and whether a retry could succeed. */
public class JobFailure extends Exception {

    private final FailureReason reason;
    private final boolean retryable;

    public JobFailure(FailureReason reason, String message, boolean retryable) {
        super(message);
        this.reason = reason;
        this.retryable = retryable;
    }

    public JobFailure(FailureReason reason, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryable = retryable;
    }

    public FailureReason reason() {
        return reason;
    }

    public boolean retryable() {
        return retryable;
    }
}
