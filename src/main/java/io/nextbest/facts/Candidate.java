package io.nextbest.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An action a trigger rule proposes. Build it with one factory and a chain of settings, then insert it:
 * {@code insert(Candidate.sms("cart-discount").priority(80).category("cart").withinHours(2));}
 * Settings are meant for the moment of proposal; later phases judge candidates with Suppression facts.
 *
 * <p>Equality is identity: two rules proposing the same action make two candidates, and arbitration
 * keeps the better one.
 */
public final class Candidate {
    public static final int DEFAULT_PRIORITY = 50;
    /** The channels with a factory of their own; {@link #of} takes any other. */
    public static final List<String> CHANNELS = List.of("email", "sms", "push", "web", "ads");

    private final String actionId;
    private final String channel;
    private final boolean internal;
    private int priority = DEFAULT_PRIORITY;
    private double score;
    private String category;
    private SendTime sendTime = SendTime.now();
    private String experiment;
    private String variant;
    private final Map<String, Object> payload = new LinkedHashMap<>();

    private Candidate(String actionId, String channel, boolean internal) {
        this.actionId = requireText(actionId, "action id");
        this.channel = requireText(channel, "channel");
        this.internal = internal;
    }

    /** A message or experience that reaches the customer on {@code channel}. */
    public static Candidate of(String actionId, String channel) {
        return new Candidate(actionId, channel, false);
    }

    public static Candidate email(String actionId) {
        return of(actionId, "email");
    }

    public static Candidate sms(String actionId) {
        return of(actionId, "sms");
    }

    public static Candidate push(String actionId) {
        return of(actionId, "push");
    }

    /** On-site content for the page the customer is on. */
    public static Candidate web(String actionId) {
        return of(actionId, "web");
    }

    /** An advertising audience instruction (start or stop showing ads). */
    public static Candidate ads(String actionId) {
        return of(actionId, "ads");
    }

    /**
     * An action that reaches staff or systems, not the customer: it needs no consent, counts against no
     * contact cap and does not use up the decision's limit, so it is returned beside customer actions.
     */
    public static Candidate internal(String actionId, String channel) {
        return new Candidate(actionId, channel, true);
    }

    /** Alert a salesperson to follow up in person: action {@code sales_alert} on channel {@code sales}. */
    public static Candidate salesAlert() {
        return internal("sales_alert", "sales");
    }

    public Candidate priority(int priority) {
        this.priority = priority;
        return this;
    }

    public Candidate score(double score) {
        this.score = score;
        return this;
    }

    public Candidate category(String category) {
        this.category = category;
        return this;
    }

    public Candidate withinHours(long hours) {
        this.sendTime = SendTime.within(Duration.ofHours(hours));
        return this;
    }

    public Candidate afterMinutes(long minutes) {
        this.sendTime = SendTime.after(Duration.ofMinutes(minutes));
        return this;
    }

    public Candidate afterHours(long hours) {
        this.sendTime = SendTime.after(Duration.ofHours(hours));
        return this;
    }

    public Candidate afterDays(long days) {
        this.sendTime = SendTime.after(Duration.ofDays(days));
        return this;
    }

    /** See {@link SendTime#atLocalTime(String)}: "14:00", "today 18:00", "tomorrow 14:00", "monday 09:00". */
    public Candidate atLocalTime(String spec) {
        this.sendTime = SendTime.atLocalTime(spec);
        return this;
    }

    /** Moves the send to a later instant (e.g. the end of quiet hours); a deadline no longer applies. */
    public Candidate deferTo(Instant instant) {
        this.sendTime = SendTime.at(instant);
        return this;
    }

    /** Marks the candidate as a variant of an experiment, so outcomes can be compared per variant. */
    public Candidate experiment(String name, String variant) {
        this.experiment = requireText(name, "experiment");
        this.variant = requireText(variant, "variant");
        return this;
    }

    /** Adds a value for the message template. */
    public Candidate payload(String key, Object value) {
        payload.put(requireText(key, "payload key"), value);
        return this;
    }

    public String getActionId() {
        return actionId;
    }

    public String getChannel() {
        return channel;
    }

    public boolean isInternal() {
        return internal;
    }

    /** Customer-facing: needs consent, counts against caps and the decision's limit. */
    public boolean isContact() {
        return !internal;
    }

    public int getPriority() {
        return priority;
    }

    public double getScore() {
        return score;
    }

    public String getCategory() {
        return category;
    }

    public SendTime getSendTime() {
        return sendTime;
    }

    public String getExperiment() {
        return experiment;
    }

    public String getVariant() {
        return variant;
    }

    /** In the order the rule added the values; a value may be null (e.g. an attribute the event lacked). */
    public Map<String, Object> getPayload() {
        return Collections.unmodifiableMap(payload);
    }

    /** The default ranking: higher priority, then higher score, then action id and channel A–Z so ties are deterministic. */
    public boolean outranks(Candidate other) {
        if (priority != other.priority) {
            return priority > other.priority;
        }
        if (score != other.score) {
            return score > other.score;
        }
        int byId = actionId.compareTo(other.actionId);
        if (byId != 0) {
            return byId < 0;
        }
        int byChannel = channel.compareTo(other.channel);
        if (byChannel != 0) {
            return byChannel < 0;
        }
        return System.identityHashCode(this) < System.identityHashCode(other);
    }

    public boolean sharesCategoryWith(Candidate other) {
        return category != null && category.equals(other.category);
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A candidate's " + what + " must not be blank");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Candidate[" + actionId + " on " + channel + ", priority " + priority + ", score " + score
                + (category == null ? "" : ", category " + category) + "]";
    }

    // identity equality on purpose: see the class comment
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(System.identityHashCode(this));
    }
}
