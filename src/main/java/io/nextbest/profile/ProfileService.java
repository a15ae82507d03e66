package io.nextbest.profile;

import io.micrometer.core.annotation.Timed;
import io.nextbest.state.CustomerChanges;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Creates, reads and changes customer profiles. */
@ApplicationScoped
public class ProfileService {
    private final ProfileRepository profiles;
    private final CustomerChanges changes;
    private final Clock clock;

    ProfileService(ProfileRepository profiles, CustomerChanges changes, Clock clock) {
        this.profiles = profiles;
        this.changes = changes;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    @Timed(value = "nextbest.db.duration", extraTags = {"operation", "profiles.find"})
    public Optional<CustomerProfile> find(String id) {
        return profiles.findByIdOptional(id);
    }

    /**
     * Changes a profile under a row lock, so two concurrent partial updates cannot lose each other's fields.
     *
     * @return the changed profile, or empty when there is none
     */
    @Transactional
    public Optional<CustomerProfile> update(String id, UnaryOperator<ProfileData> change) {
        Optional<CustomerProfile> found = profiles.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
        found.ifPresent(profile -> {
            changes.changed(id);
            apply(profile, change.apply(dataOf(profile)));
            profile.known = true;
            profile.updatedAt = clock.instant();
        });
        return found;
    }

    /** @return true when the profile was created, false when it replaced one */
    @Transactional
    public boolean replace(String id, ProfileData data) {
        Instant now = clock.instant();
        CustomerProfile profile = profiles.findByIdOptional(id).orElse(null);
        boolean created = profile == null;
        changes.changed(id);
        if (created) {
            profile = new CustomerProfile();
            profile.id = id;
            profile.createdAt = now;
        }
        profile.known = true;
        apply(profile, data);
        profile.updatedAt = now;
        if (created) {
            profiles.persist(profile);
        }
        return created;
    }

    /** Deletes the profile; true when there was one. */
    @Transactional
    public boolean delete(String id) {
        changes.changed(id);
        return profiles.deleteById(id);
    }

    private static void apply(CustomerProfile profile, ProfileData data) {
        profile.segment = data.segment();
        profile.timezone = data.timezone();
        profile.quietHours = data.quietHours();
        profile.lifetimeValue = data.lifetimeValue();
        profile.journeyStage = data.journeyStage();
        profile.globalOptOut = data.globalOptOut();
        profile.consents = new LinkedHashMap<>(data.consents());
        profile.scores = new LinkedHashMap<>(data.scores());
        profile.attributes = new LinkedHashMap<>(data.attributes());
    }

    static ProfileData dataOf(CustomerProfile profile) {
        Map<String, Boolean> consents = new LinkedHashMap<>();
        profile.consents.forEach((channel, yes) -> consents.put(channel, Boolean.TRUE.equals(yes)));
        Map<String, Double> scores = new LinkedHashMap<>();
        profile.scores.forEach((name, value) -> {
            if (value instanceof Number number) {
                scores.put(name, number.doubleValue());
            }
        });
        return new ProfileData(profile.segment, profile.timezone, profile.quietHours, profile.lifetimeValue, profile.journeyStage,
                profile.globalOptOut, consents, scores, profile.attributes);
    }

    /**
     * Records that the customer withdrew consent on {@code channel}, or on every channel when it is null.
     * An id with no profile gets one, so an anonymous visitor's opt-out is remembered too.
     */
    @Transactional
    public void withdrawConsent(String id, String channel) {
        changes.changed(id);
        Instant now = clock.instant();
        CustomerProfile profile = profiles.findByIdOptional(id).orElseGet(() -> {
            CustomerProfile unknown = new CustomerProfile();
            unknown.id = id;
            unknown.known = false;
            unknown.createdAt = now;
            unknown.updatedAt = now;
            profiles.persist(unknown);
            return unknown;
        });
        if (channel == null) {
            profile.globalOptOut = true;
        } else {
            LinkedHashMap<String, Object> consents = new LinkedHashMap<>(profile.consents);
            consents.put(channel, false);
            profile.consents = consents;
        }
        profile.updatedAt = now;
    }
}
