package io.nextbest.api;

import io.nextbest.profile.ProfileData;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** A customer profile as a caller writes it; {@code consents} maps a channel to yes/no. */
public record CustomerRequest(
        @Size(max = 64) @Pattern(regexp = ApiPatterns.NAME, message = ApiPatterns.NAME_MESSAGE) String segment,
        @Size(max = 64) @ValidTimezone String timezone,
        @Pattern(regexp = QUIET_HOURS, message = "must be two times like 21:00-08:00") String quietHours,
        @DecimalMin("0") Double lifetimeValue,
        @Size(max = 64) String journeyStage,
        Boolean globalOptOut,
        @Size(max = 20) Map<@Pattern(regexp = ApiPatterns.NAME, message = ApiPatterns.NAME_MESSAGE) String, Boolean> consents,
        @Size(max = 50) Map<String, Double> scores,
        @Size(max = 100) Map<String, Object> attributes) {

    static final String QUIET_HOURS = "([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-3]):[0-5]\\d";

    static CustomerRequest from(ProfileData data) {
        return new CustomerRequest(data.segment(), data.timezone(), data.quietHours(), data.lifetimeValue(), data.journeyStage(),
                data.globalOptOut(), data.consents(), data.scores(), data.attributes());
    }

    ProfileData toData() {
        return new ProfileData(segment, timezone, quietHours, lifetimeValue == null ? 0 : lifetimeValue, journeyStage,
                Boolean.TRUE.equals(globalOptOut), consents, scores, attributes);
    }
}
