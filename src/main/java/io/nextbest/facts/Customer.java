package io.nextbest.facts;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The customer a decision is about. Anonymous visitors (ids the service has no profile for) are
 * customers too: {@code known} is false, they have no consents and the default timezone.
 */
public final class Customer extends WithAttributes {
    private final String id;
    private final boolean known;
    private final String segment;
    private final ZoneId timezone;
    private final double lifetimeValue;
    private final String journeyStage;
    private final boolean globalOptOut;
    private final Set<String> consentedChannels;
    private final Map<String, Double> scores;

    public Customer(String id, boolean known, String segment, ZoneId timezone, double lifetimeValue,
                    String journeyStage, boolean globalOptOut, Set<String> consentedChannels,
                    Map<String, Double> scores, Map<String, Object> attributes) {
        super(attributes);
        this.id = id;
        this.known = known;
        this.segment = segment;
        this.timezone = timezone;
        this.lifetimeValue = lifetimeValue;
        this.journeyStage = journeyStage;
        this.globalOptOut = globalOptOut;
        this.consentedChannels = Set.copyOf(consentedChannels);
        this.scores = Map.copyOf(scores);
    }

    public static Customer anonymous(String id, ZoneId timezone) {
        return new Customer(id, false, null, timezone, 0, null, false, Set.of(), Map.of(), Map.of());
    }

    public String getId() {
        return id;
    }

    public boolean isKnown() {
        return known;
    }

    public boolean isAnonymous() {
        return !known;
    }

    public String getSegment() {
        return segment;
    }

    public ZoneId getTimezone() {
        return timezone;
    }

    public double getLifetimeValue() {
        return lifetimeValue;
    }

    public String getJourneyStage() {
        return journeyStage;
    }

    public boolean isGlobalOptOut() {
        return globalOptOut;
    }

    public Set<String> getConsentedChannels() {
        return consentedChannels;
    }

    /** Consent is opt-in: a channel the customer never said yes to is a no. */
    public boolean consentsTo(String channel) {
        return !globalOptOut && consentedChannels.contains(channel);
    }

    public Map<String, Double> getScores() {
        return scores;
    }

    /** A score the customer does not have reads as 0. */
    public double score(String name) {
        return scores.getOrDefault(name, 0.0);
    }

    /**
     * The customer's bucket (0–99) in an experiment: the same customer always lands in the same bucket,
     * on every replica, and different experiments split customers independently.
     */
    public int bucket(String experiment) {
        return bucketOf(id, experiment);
    }

    /** True for the given percentage of customers: a control group held out of an action. */
    public boolean inHoldout(String experiment, int percent) {
        return bucket(experiment) < percent;
    }

    /** One of the variants, split evenly and deterministically: {@code variant("subject-test", "A", "B")}. */
    public String variant(String experiment, String... variants) {
        return variants[bucket(experiment) * variants.length / 100];
    }

    public static int bucketOf(String customerId, String experiment) {
        CRC32 hash = new CRC32();
        hash.update((experiment + ":" + customerId).getBytes(StandardCharsets.UTF_8));
        return (int) (hash.getValue() % 100);
    }

    @Override
    public String toString() {
        return "Customer[" + id + (known ? "" : ", anonymous") + (segment == null ? "" : ", segment " + segment)
                + ", consents " + consentedChannels + (globalOptOut ? ", opted out of everything" : "")
                + (scores.isEmpty() ? "" : ", scores " + scores) + ", " + timezone + "]";
    }
}
