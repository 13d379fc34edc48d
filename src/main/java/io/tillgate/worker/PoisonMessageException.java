package io.tillgate.worker;

/** A queued message that can never be processed, whatever the number of attempts. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String message) {
        super(message);
    }
}
