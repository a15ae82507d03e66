package io.nextbest.database;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;

/**
 * Tells a database that is not there (down, unreachable, restarting, out of connections) from a database
 * that refused what it was sent: the first is worth waiting for and retrying, the second is not.
 */
public final class DatabaseErrors {
    private DatabaseErrors() {
    }

    /** Whether {@code error}, or any of its causes, says the database could not be reached or could not serve. */
    public static boolean unavailable(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseUnavailableException
                    || cause instanceof SQLTransientException
                    || cause instanceof SQLRecoverableException) {
                return true;
            }
            if (cause instanceof SQLException sql && (unavailableState(sql.getSQLState()) || poolTimedOut(sql))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * SQLState classes 08 (connection exception), 53 (insufficient resources) and 57 (operator intervention:
     * shut down, restarting, statement cancelled on a timeout).
     */
    private static boolean unavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57"));
    }

    /** The connection pool gave up waiting for a connection: every one is stuck on a database that does not answer. */
    private static boolean poolTimedOut(SQLException error) {
        String message = error.getMessage();
        return error.getSQLState() == null && message != null
                && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }
}
