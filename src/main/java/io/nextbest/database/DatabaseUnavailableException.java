package io.nextbest.database;

/**
 * The database is down or does not answer: nothing of the request took effect, and the client may send it again.
 * The message is shown to the client: what the driver said (hosts, ports, exception classes) stays in the cause.
 */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
