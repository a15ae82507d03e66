package io.nextbest.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nextbest.caps.ContactStoreStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * This replica's copies of customers' states, each valid only for the state stamp it was read under. A
 * copy is used when the stamp a decision reads from the contact store is still the one it was read
 * under, and no outage of the store came between (a change during an outage may not have been stamped).
 */
@ApplicationScoped
public class CustomerStateCache {
    private final Cache<String, Entry> entries;
    private final ContactStoreStatus storeStatus;
    private final Counter hits;
    private final Counter misses;

    CustomerStateCache(CustomerCacheConfig config, ContactStoreStatus storeStatus, MeterRegistry registry) {
        this.storeStatus = storeStatus;
        this.entries = Caffeine.newBuilder()
                // Upkeep (evictions, expiries) on the deciding thread, a few microseconds at a time: by default
                // Caffeine hands it to the common fork-join pool, a thread woken for every decision's write.
                .executor(Runnable::run)
                .maximumWeight(config.maxEvents())
                .weigher((String id, Entry entry) -> 1 + entry.state().history().size())
                .expireAfterWrite(config.expireAfter())
                .build();
        String description = "Decisions that found the customer's state cached and current (hit) or read it from the database (miss)";
        this.hits = Counter.builder("nextbest.customer.cache").description(description).tag("result", "hit").register(registry);
        this.misses = Counter.builder("nextbest.customer.cache").description(description).tag("result", "miss").register(registry);
        Gauge.builder("nextbest.customer.cache.size", entries, Cache::estimatedSize)
                .description("Customers whose state this replica holds").register(registry);
    }

    /** The cached state when it is current for {@code stamp}; otherwise {@code load}'s, kept for that stamp. */
    CustomerState get(String id, String stamp, Supplier<CustomerState> load) {
        long outages = storeStatus.outages();
        Entry entry = entries.getIfPresent(id);
        if (entry != null && entry.stamp().equals(stamp) && entry.outages() == outages) {
            hits.increment();
            return entry.state();
        }
        misses.increment();
        // Read after the stamp: a change stamped before it is in what is loaded now.
        CustomerState loaded = load.get();
        Entry fresh = new Entry(stamp, outages, loaded);
        // Only over what was looked at: a concurrent decision may have kept a newer copy meanwhile.
        if (entry == null) {
            entries.asMap().putIfAbsent(id, fresh);
        } else {
            entries.asMap().replace(id, entry, fresh);
        }
        return loaded;
    }

    /**
     * After the customer was restamped from {@code oldStamp} to {@code newStamp}: a copy read under the old
     * stamp missed nothing else, so when the change was stored events it is brought up to date and kept
     * (events are only ever added, so they can be taken on in any order); journey moves are taken on only
     * by the copy their decision was made from, and only while it shows what they started from. Any other
     * copy, or any other change, is dropped.
     */
    void restamped(String id, String oldStamp, String newStamp, CustomerChanges.Pending change, int historyLimit) {
        JourneyPatch journeys = change.journeys();
        if (change.anything() || oldStamp == null || (journeys != null && !oldStamp.equals(journeys.knownStamp()))) {
            entries.invalidate(id);
            return;
        }
        entries.asMap().computeIfPresent(id, (key, entry) -> {
            if (!entry.stamp().equals(oldStamp)) {
                return null;
            }
            CustomerState state = change.stored().isEmpty() ? entry.state() : entry.state().withStored(change.stored(), historyLimit);
            state = journeys == null ? state : journeys.applyTo(state);
            return state == null ? null : new Entry(newStamp, entry.outages(), state);
        });
    }

    void forget(String id) {
        entries.invalidate(id);
    }

    private record Entry(String stamp, long outages, CustomerState state) {
    }
}
