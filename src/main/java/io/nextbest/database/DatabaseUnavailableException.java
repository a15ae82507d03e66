package io.nextbest.database;

/** The database is down or does not answer: nothing of the request took effect, and the client may send it again. */
public class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
