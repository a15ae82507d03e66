package io.nextbest.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.nextbest.caps.ContactStoreStatus;
import io.nextbest.state.CustomerState.HistoryEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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
     * stamp missed nothing else, so when the change was only {@code stored} events it is brought up to date
     * and kept; any other copy, or any other change, is dropped.
     *
     * @param stored the events stored by the change, or null for any other change
     */
    void restamped(String id, String oldStamp, String newStamp, List<HistoryEvent> stored, int historyLimit) {
        if (stored == null || oldStamp == null) {
            entries.invalidate(id);
            return;
        }
        entries.asMap().computeIfPresent(id, (key, entry) -> entry.stamp().equals(oldStamp)
                ? new Entry(newStamp, entry.outages(), entry.state().withStored(stored, historyLimit))
                : null);
    }

    void forget(String id) {
        entries.invalidate(id);
    }

    private record Entry(String stamp, long outages, CustomerState state) {
    }
}
