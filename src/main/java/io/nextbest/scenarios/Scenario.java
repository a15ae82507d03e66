package io.nextbest.scenarios;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * An analyst's test of the rules: a customer, what they did and when, and what the decision must be.
 * Written in YAML (or JSON) under rules/tests/; a file holds a list of scenarios. {@code contactsUnavailable:
 * true} decides as when the contact store (Redis) cannot be read: the rules see that no cap can be checked.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Scenario(String name, OffsetDateTime at, String channel, Integer limit, Map<String, Object> context,
                       ScenarioCustomer customer, List<ScenarioEvent> history, List<ScenarioEvent> events,
                       List<ScenarioContact> contacts, Boolean contactsUnavailable, List<ScenarioJourney> journeys,
                       Expectation expect) {

    /** The customer; {@code anonymous: true} for a visitor without a profile. Consents are a list of channels. */
    public record ScenarioCustomer(String id, Boolean anonymous, String segment, String timezone, String quietHours,
                                   Double lifetimeValue, String journeyStage, Boolean globalOptOut,
                                   List<String> consents, Map<String, Double> scores, Map<String, Object> attributes) {
    }

    /** An event some time before {@code at} (minutesAgo, hoursAgo or daysAgo; none means at {@code at}). */
    public record ScenarioEvent(String type, Long minutesAgo, Long hoursAgo, Long daysAgo, String channel,
                                Map<String, Object> attributes) {
    }

    /** A contact already made with the customer, for caps. */
    public record ScenarioContact(String action, String channel, String category, Long hoursAgo) {
    }

    /**
     * A journey the customer is in, at {@code step} since {@code hoursAgo}/{@code daysAgo}; {@code due: true}
     * makes the scenario the scheduler's decision of that step.
     */
    public record ScenarioJourney(String name, String step, Boolean due, Long hoursAgo, Long daysAgo,
                                  Map<String, Object> attributes) {
    }

    /**
     * What must come out: {@code actions} in order (exactly these), {@code suppressed} action → reason,
     * rules that must and must not fire,
     * {@code journeys} journey → what happens to it ("enrol email", "move ad", "exit purchased",
     * "complete", or "none").
     */
    public record Expectation(List<String> actions, Map<String, String> suppressed, List<String> fired,
                              List<String> notFired, Map<String, String> journeys) {
    }
}
