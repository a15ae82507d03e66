package io.nextbest.events;

import io.nextbest.json.JsonMapConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;

/** A customer event as stored: the history later decisions see. Inserted once per event id. */
@Entity
@Table(name = "customer_event")
public class StoredEvent {
    @Id
    public String id;

    @Column(name = "customer_id")
    public String customerId;

    public String type;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String channel;

    @Convert(converter = JsonMapConverter.class)
    public Map<String, Object> attributes;

    @Column(name = "received_at")
    public Instant receivedAt;
}
