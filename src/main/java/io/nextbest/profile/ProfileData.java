package io.nextbest.profile;

import java.util.Map;

/** The editable part of a profile, as a caller replaces it. */
public record ProfileData(String segment, String timezone, String quietHours, double lifetimeValue, String journeyStage,
                          boolean globalOptOut, Map<String, Boolean> consents, Map<String, Double> scores,
                          Map<String, Object> attributes) {
    public ProfileData {
        consents = consents == null ? Map.of() : consents;
        scores = scores == null ? Map.of() : scores;
        attributes = attributes == null ? Map.of() : attributes;
    }
}
