package io.nextbest.records;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A decision as it was made, for audit, statistics and replay. JSON columns hold the request and the answer. */
@Entity
@Table(name = "decision_record")
public class DecisionRecord {
    @Id
    public String id;

    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "ruleset_version")
    public String rulesetVersion;

    @Column(name = "dry_run")
    public boolean dryRun;

    public String request;

    public String actions;

    public String suppressed;

    /** What the decision did to journeys (JSON list); null on records older than journeys. */
    public String journeys;

    /**
     * The contacts the decision made (JSON list of id, action, channel, category and the moment it was counted
     * at): what a contact store that lost its data is rebuilt from. Null on records older than this column.
     */
    public String contacts;

    @Column(name = "fired_rules")
    public String firedRules;

    /** The rules that threw while deciding (JSON list); null when none did, and on records older than this column. */
    @Column(name = "failed_rules")
    public String failedRules;

    @Column(name = "took_micros")
    public long tookMicros;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    /** Its copy in the Redis backlog until the database has it; null when it has none. */
    @jakarta.persistence.Transient
    public String backlogId;
}
