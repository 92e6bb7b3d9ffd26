package io.atelier.common.storage;

/** Object storage failed (unreachable, denied, broken); the message names the object. */
public class ObjectStoreException extends RuntimeException {

    public ObjectStoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
