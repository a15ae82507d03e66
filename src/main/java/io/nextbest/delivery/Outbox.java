package io.nextbest.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nextbest.decision.Decision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Puts the actions of a decision whose channel has a webhook into the outbox, in the decision's transaction. */
@ApplicationScoped
public class Outbox {
    private final EntityManager entityManager;
    private final DeliveryConfig config;
    private final ObjectMapper json;
    private final java.time.Clock clock;

    Outbox(EntityManager entityManager, DeliveryConfig config, ObjectMapper json, java.time.Clock clock) {
        this.entityManager = entityManager;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    public boolean delivers(String channel) {
        return config.webhooks().containsKey(channel);
    }

    /** Whether any action of the decision goes to a webhook: most decisions need no outbox transaction. */
    public boolean delivers(Decision decision) {
        return decision.actions().stream().anyMatch(action -> delivers(action.channel()));
    }

    /** @return how many actions were queued for delivery */
    @Transactional
    public int enqueue(String customerId, Decision decision) {
        int queued = 0;
        for (Decision.Action action : decision.actions()) {
            if (!delivers(action.channel())) {
                continue;
            }
            Delivery delivery = new Delivery();
            delivery.id = decision.decisionId() + ":" + action.actionId();
            delivery.decisionId = decision.decisionId();
            delivery.customerId = customerId;
            delivery.actionId = action.actionId();
            delivery.channel = action.channel();
            delivery.body = body(customerId, decision, action);
            delivery.sendAt = action.sendAt();
            delivery.status = Delivery.PENDING;
            delivery.nextAttemptAt = action.sendAt();
            entityManager.persist(delivery);
            queued++;
        }
        return queued;
    }

    /** Sends a delivery again from the first attempt (e.g. a failed one, once the receiver is fixed). */
    @Transactional
    public boolean retry(String id) {
        Delivery delivery = entityManager.find(Delivery.class, id);
        if (delivery == null) {
            return false;
        }
        delivery.status = Delivery.PENDING;
        delivery.attempts = 0;
        delivery.nextAttemptAt = clock.instant();
        return true;
    }

    @Transactional
    public long forget(String customerId) {
        return entityManager.createQuery("delete from Delivery d where d.customerId = :customer")
                .setParameter("customer", customerId).executeUpdate();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Delivery> list(String status, int limit) {
        return entityManager.createQuery("from Delivery d where d.status = :status order by d.nextAttemptAt", Delivery.class)
                .setParameter("status", status).setMaxResults(limit).getResultList();
    }

    private String body(String customerId, Decision decision, Decision.Action action) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", decision.decisionId() + ":" + action.actionId());
        body.put("decisionId", decision.decisionId());
        body.put("customerId", customerId);
        body.put("actionId", action.actionId());
        body.put("channel", action.channel());
        body.put("sendAt", action.sendAt().toString());
        body.put("payload", action.payload());
        if (action.variant() != null) {
            body.put("experiment", action.experiment());
            body.put("variant", action.variant());
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a delivery as JSON", e);
        }
    }
}
