package io.nextbest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.database.DatabaseUnavailableException;
import io.nextbest.events.EventsRejectedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/** Problem details tell the client what failed and what to do; hosts, ports and exception classes stay in the log. */
class ProblemMapperTest {
    private final ProblemMapper mapper = new ProblemMapper();

    /** What the PostgreSQL driver says when the database is not there. */
    private static PSQLException refused() {
        return new PSQLException("Connection to 127.0.0.1:55432 refused. Check that the hostname and port are correct "
                + "and that the postmaster is accepting TCP/IP connections.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                new ConnectException("Connection refused"));
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsA503WithoutHostPortOrException() {
        for (Response response : List.of(
                mapper.databaseUnavailable(new DatabaseUnavailableException("Could not read customer c-1", refused())),
                mapper.unexpected(new IllegalStateException("Unable to acquire JDBC Connection: " + refused().getMessage(),
                        refused())),
                mapper.unexpected(new RuntimeException(new SQLException("Acquisition timeout while waiting for new "
                        + "connection to jdbc:postgresql://db.internal:5432/nextbest")))))  {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isNotBlank();
            assertLeaksNothing(detail(response));
            assertThat(detail(response)).contains("send the request again");
        }
    }

    @Test
    void eventsTheDatabaseRefusedAreA422WithoutWhatTheDriverSaid() {
        Response response = mapper.eventsRejected(new EventsRejectedException("The database refused the request's events: "
                + "ERROR: refused at 127.0.0.1:5432", new PSQLException("ERROR: refused at 127.0.0.1:5432",
                PSQLState.UNKNOWN_STATE)));
        assertThat(response.getStatus()).isEqualTo(422);
        assertLeaksNothing(detail(response));
    }

    @Test
    void anHttpErrorWrappingAFailureShowsItsStatusNotTheFailure() {
        Response response = mapper.httpError(new WebApplicationException(new ProcessingException(
                "java.net.ConnectException: Connection refused: localhost/127.0.0.1:6379"), 502));
        assertThat(response.getStatus()).isEqualTo(502);
        assertLeaksNothing(detail(response));
    }

    @Test
    void anUnexpectedErrorIsA500ThatSaysItIsLogged() {
        Response response = mapper.unexpected(new IllegalStateException("java.net.ConnectException at redis://10.0.0.7:6379"));
        assertThat(response.getStatus()).isEqualTo(500);
        assertLeaksNothing(detail(response));
    }

    private static String detail(Response response) {
        return ((Problem) response.getEntity()).detail();
    }

    private static void assertLeaksNothing(String detail) {
        assertThat(detail).doesNotContain("127.0.0.1", "localhost", "db.internal", "10.0.0.7", "5432", "55432", "6379",
                "jdbc:", "Exception", "PSQL", "java.", "postmaster", "hostname");
    }
}
