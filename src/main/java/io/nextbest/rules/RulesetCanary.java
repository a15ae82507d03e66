package io.nextbest.rules;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A candidate ruleset serving a share of customers, stored so that every replica serves it to the same ones. */
@Entity
@Table(name = "ruleset_canary")
public class RulesetCanary {
    public static final String PROMOTED = "promoted";
    public static final String ABANDONED = "abandoned";
    public static final String REPLACED = "replaced";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String version;

    public double percent;

    /** JSON object: file name → base64 content. */
    public String files;

    @Column(name = "started_at")
    public Instant startedAt;

    /** Null while it serves. */
    @Column(name = "ended_at")
    public Instant endedAt;

    /** promoted, abandoned or replaced; null while it serves. */
    public String outcome;
}
