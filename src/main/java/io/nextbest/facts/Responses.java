package io.nextbest.facts;

import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How the customer responded to what was sent, read from the outcome events in their history
 * ({@code action_delivered}, {@code action_opened}, {@code action_clicked}, …): what each channel earns,
 * so rules can move to the channel a customer actually answers, at the time of day they answer it.
 */
public final class Responses {
    private static final String PREFIX = "action_";
    private final List<Event> outcomes;
    private final ZoneId zone;

    /** @param zone the customer's timezone, in which times of day are read */
    public Responses(List<Event> events, ZoneId zone) {
        this.outcomes = events.stream().filter(event -> event.getType().startsWith(PREFIX)).toList();
        this.zone = zone;
    }

    /**
     * The hour of the customer's day ("20:00") at which they most often opened or clicked what came on the
     * channel in the last days (the earliest such hour on a tie), or {@code fallback} while they never did.
     */
    public String bestTimeOfDay(String channel, double days, String fallback) {
        Map<Integer, Long> byHour = new TreeMap<>(outcomes.stream()
                .filter(event -> event.getType().equals(PREFIX + "opened") || event.getType().equals(PREFIX + "clicked"))
                .filter(event -> channel.equals(event.text("channel")) && event.getAgeMinutes() < days * 24 * 60)
                .collect(Collectors.groupingBy(event -> event.getOccurredAt().atZone(zone).getHour(), Collectors.counting())));
        return byHour.entrySet().stream()
                .max(Comparator.comparingLong((Map.Entry<Integer, Long> hour) -> hour.getValue())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(hour -> String.format("%02d:00", hour.getKey()))
                .orElse(fallback);
    }

    /** Outcomes of a type ("delivered", "opened", "clicked", "converted", "dismissed") on a channel in the last days. */
    public long count(String type, String channel, double days) {
        return outcomes.stream()
                .filter(event -> event.getType().equals(PREFIX + type) && channel.equals(event.text("channel")))
                .filter(event -> event.getAgeMinutes() < days * 24 * 60)
                .count();
    }

    /** Share of delivered actions on the channel that were opened, clicked or converted; 0 when nothing was delivered. */
    public double responseRate(String channel, double days) {
        Set<String> delivered = actionsWith(channel, days, "delivered");
        if (delivered.isEmpty()) {
            return 0;
        }
        Set<String> answered = actionsWith(channel, days, "opened", "clicked", "converted");
        answered.retainAll(delivered);
        return (double) answered.size() / delivered.size();
    }

    /** The channel with the best response rate in the last days, or null when nothing was delivered. */
    public String bestChannel(double days) {
        return outcomes.stream().map(event -> event.text("channel")).filter(channel -> channel != null).distinct()
                .filter(channel -> !actionsWith(channel, days, "delivered").isEmpty())
                .max(Comparator.comparingDouble((String channel) -> responseRate(channel, days))
                        .thenComparing(Comparator.reverseOrder()))
                .orElse(null);
    }

    private Set<String> actionsWith(String channel, double days, String... types) {
        Set<String> actions = new LinkedHashSet<>();
        for (Event event : outcomes) {
            for (String type : types) {
                if (event.getType().equals(PREFIX + type) && channel.equals(event.text("channel"))
                        && event.getAgeMinutes() < days * 24 * 60) {
                    actions.add(event.text("decisionId") + "/" + event.text("actionId"));
                }
            }
        }
        return actions;
    }

    @Override
    public String toString() {
        return "Responses[" + outcomes.size() + " outcome(s)]";
    }
}
