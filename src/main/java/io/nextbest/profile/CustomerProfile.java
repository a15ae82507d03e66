package io.nextbest.profile;

import io.nextbest.json.JsonMapConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the service knows of a customer: segment, consents, scores and free attributes. */
@Entity
@Table(name = "customer_profile")
public class CustomerProfile {
    @Id
    public String id;

    /** False for profiles the service created on its own, e.g. to remember an anonymous visitor's opt-out. */
    public boolean known = true;

    public String segment;

    public String timezone;

    @Column(name = "lifetime_value")
    public double lifetimeValue;

    @Column(name = "journey_stage")
    public String journeyStage;

    /** "HH:mm-HH:mm" in the customer's timezone, or null for the service default. */
    @Column(name = "quiet_hours")
    public String quietHours;

    @Column(name = "global_opt_out")
    public boolean globalOptOut;

    /** Channel → consented; a channel that is absent was never consented to. */
    @Convert(converter = JsonMapConverter.class)
    public Map<String, Object> consents = new LinkedHashMap<>();

    @Convert(converter = JsonMapConverter.class)
    public Map<String, Object> scores = new LinkedHashMap<>();

    @Convert(converter = JsonMapConverter.class)
    public Map<String, Object> attributes = new LinkedHashMap<>();

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
