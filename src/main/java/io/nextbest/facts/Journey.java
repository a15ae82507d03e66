package io.nextbest.facts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Where the customer is in one journey they are enrolled in (a workflow of steps with delays). A step
 * that falls due is decided by the scheduler with no request from the customer; in that decision the
 * journey is {@code due}. Rules move it on, exit it or complete it by inserting what these methods return:
 * <pre>{@code
 * insert($journey.moveTo("ad").afterDays(3));
 * insert($journey.exit("purchased"));
 * }</pre>
 * and start a journey with {@code insert(Journey.enrol("cart-recovery").atStep("email").atLocalTime("tomorrow 14:00"))}.
 */
public final class Journey extends WithAttributes {
    private final String id;
    private final String name;
    private final String step;
    private final Instant enrolledAt;
    private final Instant stepSince;
    private final boolean due;
    private final Instant now;

    public Journey(String id, String name, String step, Instant enrolledAt, Instant stepSince, boolean due,
                   Map<String, Object> attributes, Instant now) {
        super(attributes);
        this.id = id;
        this.name = name;
        this.step = step;
        this.enrolledAt = enrolledAt;
        this.stepSince = stepSince;
        this.due = due;
        this.now = now;
    }

    /** Starts a journey; ignored when the customer is already in it. */
    public static JourneyMove enrol(String journey) {
        return JourneyMove.enrol(journey);
    }

    /** Moves this journey to another step, due when the move says (now unless told otherwise). */
    public JourneyMove moveTo(String nextStep) {
        return JourneyMove.move(this, nextStep);
    }

    /** Ends the journey early, e.g. because its goal was met or the customer opted out. */
    public JourneyMove exit(String reason) {
        return JourneyMove.exit(this, reason);
    }

    /** Ends the journey after its last step. A due step whose rules move it nowhere completes it too. */
    public JourneyMove complete() {
        return JourneyMove.complete(this);
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getStep() {
        return step;
    }

    public Instant getEnrolledAt() {
        return enrolledAt;
    }

    public Instant getStepSince() {
        return stepSince;
    }

    /** True in the decision the scheduler makes when this journey's current step falls due. */
    public boolean isDue() {
        return due;
    }

    public long getHoursInStep() {
        return Duration.between(stepSince, now).toHours();
    }

    public long getDaysSinceEnrolment() {
        return Duration.between(enrolledAt, now).toDays();
    }

    @Override
    public String toString() {
        return "Journey[" + name + " at " + step + (due ? ", due" : "") + ", since " + stepSince + "]";
    }
}
