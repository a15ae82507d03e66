package io.nextbest.api;

import io.nextbest.profile.CustomerProfile;
import java.time.Instant;
import java.util.Map;

public record CustomerResponse(String id, boolean known, String segment, String timezone, String quietHours,
                               double lifetimeValue,
                               String journeyStage, boolean globalOptOut, Map<String, Object> consents,
                               Map<String, Object> scores, Map<String, Object> attributes, Instant createdAt,
                               Instant updatedAt) {
    static CustomerResponse from(CustomerProfile profile) {
        return new CustomerResponse(profile.id, profile.known, profile.segment, profile.timezone, profile.quietHours,
                profile.lifetimeValue,
                profile.journeyStage, profile.globalOptOut, profile.consents, profile.scores, profile.attributes,
                profile.createdAt, profile.updatedAt);
    }
}
