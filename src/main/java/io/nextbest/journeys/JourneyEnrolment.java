package io.nextbest.journeys;

import io.nextbest.json.JsonMapConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** One customer's enrolment in one journey: the step they are at and when it falls due. */
@Entity
@Table(name = "journey_enrolment")
public class JourneyEnrolment {
    public static final String ACTIVE = "ACTIVE";
    public static final String COMPLETED = "COMPLETED";
    public static final String EXITED = "EXITED";
    public static final String FAILED = "FAILED";

    @Id
    public String id;

    @Column(name = "customer_id")
    public String customerId;

    public String journey;

    /** The journey's name while active, null once ended: the database allows one active enrolment per journey. */
    @Column(name = "active_journey")
    public String activeJourney;

    public String step;

    public String status;

    @Column(name = "enrolled_at")
    public Instant enrolledAt;

    @Column(name = "step_since")
    public Instant stepSince;

    @Column(name = "due_at")
    public Instant dueAt;

    @Convert(converter = JsonMapConverter.class)
    public Map<String, Object> attributes;

    @Column(name = "ruleset_version")
    public String rulesetVersion;

    @Column(name = "last_decision_id")
    public String lastDecisionId;

    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "end_reason")
    public String endReason;
}
