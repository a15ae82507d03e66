package io.nextbest.events;

import io.nextbest.json.JsonMapConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/** A customer event as stored: the history later decisions see. Inserted once per customer and event id. */
@Entity
@Table(name = "customer_event")
@IdClass(StoredEvent.Key.class)
public class StoredEvent {
    @Id
    @Column(name = "customer_id")
    public String customerId;

    @Id
    public String id;

    public String type;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String channel;

    @Convert(converter = JsonMapConverter.class)
    public Map<String, Object> attributes;

    @Column(name = "received_at")
    public Instant receivedAt;

    /** What identifies an event: its id is the caller's, unique only among the customer's own events. */
    public record Key(String customerId, String id) implements Serializable {
    }
}
