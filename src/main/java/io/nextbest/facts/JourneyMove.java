package io.nextbest.facts;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule wants done with a journey: enrol, move to a step, exit or complete. Applied by the service
 * after the decision (never in a dry run); an enrolment of a customer already in the journey is ignored,
 * and an exit wins over any move of the same journey in the same decision.
 */
public final class JourneyMove {
    public enum Kind { ENROL, MOVE, EXIT, COMPLETE }

    private final Kind kind;
    private final String journey;
    private final String journeyId;
    private final String fromStep;
    private String step;
    private SendTime due = SendTime.now();
    private final String reason;
    private final Map<String, Object> attributes = new LinkedHashMap<>();

    private JourneyMove(Kind kind, String journey, String journeyId, String fromStep, String step, String reason) {
        this.kind = kind;
        this.journey = Objects.requireNonNull(journey, "journey");
        this.journeyId = journeyId;
        this.fromStep = fromStep;
        this.step = step;
        this.reason = reason;
    }

    static JourneyMove enrol(String journey) {
        return new JourneyMove(Kind.ENROL, journey, null, null, "start", null);
    }

    static JourneyMove move(Journey from, String step) {
        return new JourneyMove(Kind.MOVE, from.getName(), from.getId(), from.getStep(), requireStep(step), null);
    }

    static JourneyMove exit(Journey from, String reason) {
        return new JourneyMove(Kind.EXIT, from.getName(), from.getId(), from.getStep(), null, reason);
    }

    static JourneyMove complete(Journey from) {
        return new JourneyMove(Kind.COMPLETE, from.getName(), from.getId(), from.getStep(), null, "completed");
    }

    /** The step an enrolment starts at ("start" unless told). */
    public JourneyMove atStep(String firstStep) {
        if (kind != Kind.ENROL) {
            throw new IllegalStateException("atStep is for enrolments; use moveTo(step) to move a journey");
        }
        this.step = requireStep(firstStep);
        return this;
    }

    public JourneyMove afterMinutes(long minutes) {
        return due(SendTime.after(Duration.ofMinutes(minutes)));
    }

    public JourneyMove afterHours(long hours) {
        return due(SendTime.after(Duration.ofHours(hours)));
    }

    public JourneyMove afterDays(long days) {
        return due(SendTime.after(Duration.ofDays(days)));
    }

    /** See {@link SendTime#atLocalTime(String)}: "14:00", "tomorrow 14:00", "monday 09:00", in the customer's timezone. */
    public JourneyMove atLocalTime(String spec) {
        return due(SendTime.atLocalTime(spec));
    }

    /** Due {@code days} after a moment, e.g. 30 days after the last purchase: {@code daysAfter($last.occurredAt, 30)}. */
    public JourneyMove daysAfter(Instant moment, long days) {
        return due(SendTime.at(moment.plus(Duration.ofDays(days))));
    }

    /** Due the next time the day of {@code date} comes round, at a local time: {@code onNextAnniversary($customer.date("birthday"), "09:00")}. */
    public JourneyMove onNextAnniversary(LocalDate date, String time) {
        return due(SendTime.nextAnniversary(date, time));
    }

    /** Data kept with the enrolment and readable by later steps ({@code $journey.number("cartValue")}). */
    public JourneyMove with(String key, Object value) {
        if (kind != Kind.ENROL) {
            throw new IllegalStateException("Data is given to a journey when it starts (Journey.enrol(...).with)");
        }
        attributes.put(key, value);
        return this;
    }

    private JourneyMove due(SendTime when) {
        if (kind == Kind.EXIT || kind == Kind.COMPLETE) {
            throw new IllegalStateException("A journey that ends has no next step to schedule");
        }
        this.due = when;
        return this;
    }

    private static String requireStep(String step) {
        if (step == null || step.isBlank()) {
            throw new IllegalArgumentException("A journey step needs a name");
        }
        return step;
    }

    public Kind getKind() {
        return kind;
    }

    public String getJourney() {
        return journey;
    }

    /** The enrolment moved; null for an enrolment. */
    public String getJourneyId() {
        return journeyId;
    }

    public String getFromStep() {
        return fromStep;
    }

    /** The step to go to (ENROL, MOVE); null when the journey ends. */
    public String getStep() {
        return step;
    }

    public SendTime getDue() {
        return due;
    }

    public String getReason() {
        return reason;
    }

    public boolean isLeaving() {
        return kind == Kind.EXIT || kind == Kind.COMPLETE;
    }

    public Map<String, Object> getAttributes() {
        return Collections.unmodifiableMap(attributes);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ENROL -> "JourneyMove[enrol in " + journey + " at " + step + ", " + due + "]";
            case MOVE -> "JourneyMove[" + journey + ": " + fromStep + " -> " + step + ", " + due + "]";
            case EXIT -> "JourneyMove[" + journey + ": exit (" + reason + ")]";
            case COMPLETE -> "JourneyMove[" + journey + ": complete]";
        };
    }
}
