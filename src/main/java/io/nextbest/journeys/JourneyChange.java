package io.nextbest.journeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a decision did to a journey, as the answer reports it.
 *
 * @param change  ENROLLED, MOVED, EXITED, COMPLETED; ALREADY_ENROLLED or STALE (another decision moved it
 *                first) when nothing changed; PROPOSED in a dry run
 * @param step    the step the customer is at afterwards (null once the journey ended)
 * @param dueAt   when that step falls due
 * @param reason  why it ended
 * @param rule    the rule that asked for it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JourneyChange(String journey, String change, String step, Instant dueAt, String reason, String rule) {
    public static final String ENROLLED = "ENROLLED";
    public static final String MOVED = "MOVED";
    public static final String EXITED = "EXITED";
    public static final String COMPLETED = "COMPLETED";
    public static final String ALREADY_ENROLLED = "ALREADY_ENROLLED";
    public static final String STALE = "STALE";
    public static final String PROPOSED = "PROPOSED";
}
