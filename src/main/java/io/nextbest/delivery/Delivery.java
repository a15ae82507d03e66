package io.nextbest.delivery;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One action to deliver to its channel's webhook (the outbox row). */
@Entity
@Table(name = "delivery")
public class Delivery {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";

    /** decisionId:actionId — the idempotency key the receiver de-duplicates on. */
    @Id
    public String id;

    @Column(name = "decision_id")
    public String decisionId;

    @Column(name = "customer_id")
    public String customerId;

    @Column(name = "action_id")
    public String actionId;

    public String channel;

    /** The JSON sent to the webhook. */
    public String body;

    @Column(name = "send_at")
    public Instant sendAt;

    public String status;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
