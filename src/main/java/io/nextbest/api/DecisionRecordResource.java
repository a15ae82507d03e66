package io.nextbest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nextbest.records.DecisionRecord;
import io.nextbest.records.DecisionRecorder;
import io.nextbest.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;

/** A past decision, as recorded: what was asked, what was answered, and why. */
@RolesAllowed(Roles.ADMIN)
@Path("/v1/decisions/{decisionId}")
@Produces(MediaType.APPLICATION_JSON)
public class DecisionRecordResource {
    private final DecisionRecorder records;
    private final ObjectMapper json;

    DecisionRecordResource(DecisionRecorder records, ObjectMapper json) {
        this.records = records;
        this.json = json;
    }

    public record RecordView(String decisionId, String customerId, Instant decidedAt, String rulesetVersion,
                             boolean dryRun, JsonNode request, JsonNode actions, JsonNode suppressed,
                             JsonNode journeys, JsonNode firedRules, JsonNode failedRules, long tookMicros,
                             JsonNode contacts) {
    }

    @GET
    public RecordView get(@PathParam("decisionId") String decisionId) throws JsonProcessingException {
        DecisionRecord record = records.find(decisionId)
                .orElseThrow(() -> new NotFoundException("No decision record " + decisionId
                        + " (records are written within a second or two, and kept for the retention period)"));
        return new RecordView(record.id, record.customerId, record.decidedAt, record.rulesetVersion, record.dryRun,
                json.readTree(record.request), json.readTree(record.actions), json.readTree(record.suppressed),
                json.readTree(record.journeys == null ? "[]" : record.journeys), json.readTree(record.firedRules),
                json.readTree(record.failedRules == null ? "[]" : record.failedRules), record.tookMicros,
                record.contacts == null ? null : json.readTree(record.contacts));
    }
}
