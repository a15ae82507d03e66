package io.nextbest.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.CapDeclaration.CapCheck;
import io.nextbest.facts.Candidate;
import io.nextbest.facts.Contact;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, two stores: the embedded in-memory store behaves exactly like Redis. Redis, the index of the
 * contacts on record, also rebuilds a customer it lost from the decision records before reserving for them.
 */
@QuarkusTest
class CapStoreContractTest {
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant MONDAY_10_15_PARIS = Instant.parse("2026-11-23T09:15:00Z");
    private static final CapDeclaration THREE_EMAILS_A_WEEK = new CapDeclaration(CapDeclaration.Scope.CHANNEL,
            "email", 3, Duration.ofDays(7), null, "At most 3 emails in 7 days");
    private static final CapDeclaration TWO_EMAILS_A_LOCAL_DAY = new CapDeclaration(CapDeclaration.Scope.CHANNEL,
            "email", 2, null, CapDeclaration.Period.DAY, "At most 2 emails per local day");
    private static final CapDeclaration EACH_ACTION_ONCE = new CapDeclaration(CapDeclaration.Scope.ACTION,
            CapDeclaration.EACH, 1, Duration.ofDays(30), null, "The same message at most once in 30 days");

    @Inject
    RedisDataSource redis;

    static Stream<String> stores() {
        return Stream.of("memory", "redis");
    }

    private CapStore store(String kind) {
        return kind.equals("redis") ? redisStore(ContactRecords.NONE, new SimpleMeterRegistry()) : new InMemoryCapStore(RETENTION);
    }

    /** A Redis store whose lost contacts are rebuilt from {@code records}, on a clock the day after the contracts' Monday. */
    private RedisCapStore redisStore(ContactRecords records, MeterRegistry registry) {
        return new RedisCapStore(redis, RETENTION, Duration.ofHours(1), records,
                Clock.fixed(MONDAY_10_15_PARIS.plus(Duration.ofDays(1)), ZoneOffset.UTC), registry);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aCapAllowsExactlyItsMaximum(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();

        List<Boolean> reserved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant at = MONDAY_10_15_PARIS.plusSeconds(i);
            reserved.add(store.reserve(customer, email("mail-" + i, at), checks(THREE_EMAILS_A_WEEK, "mail-" + i, at)).isEmpty());
        }

        assertThat(reserved).containsExactly(true, true, true, false, false);
        assertThat(store.history(customer, Instant.EPOCH, MONDAY_10_15_PARIS.plusSeconds(10))).hasSize(3);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSnapshotReadsTheContactsAndAStampThatHoldsUntilTheCustomerIsRestamped(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        store.reserve(customer, email("welcome", MONDAY_10_15_PARIS), List.of());

        CapStore.ContactSnapshot first = store.snapshot(customer, Instant.EPOCH, MONDAY_10_15_PARIS);
        CapStore.ContactSnapshot again = store.snapshot(customer, Instant.EPOCH, MONDAY_10_15_PARIS);
        String replaced = store.restamp(customer, "after-a-change");
        CapStore.ContactSnapshot afterChange = store.snapshot(customer, Instant.EPOCH, MONDAY_10_15_PARIS);

        assertThat(first.contacts()).extracting(Contact::actionId).containsExactly("welcome");
        assertThat(first.stamp()).isNotBlank().isEqualTo(again.stamp());
        assertThat(replaced).isEqualTo(first.stamp());
        assertThat(afterChange.stamp()).isEqualTo("after-a-change");
        assertThat(store.snapshot(newCustomer(), Instant.EPOCH, MONDAY_10_15_PARIS).stamp())
                .as("another customer's stamp").isNotEqualTo(first.stamp());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aReservationThatCarriesARestampReplacesTheStampWhetherOrNotTheCapWasFull(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        String before = store.snapshot(customer, Instant.EPOCH, MONDAY_10_15_PARIS).stamp();
        Instant later = MONDAY_10_15_PARIS.plusSeconds(60);

        CapStore.Reservations first = store.reserveAll(customer, List.of(new CapStore.Request(
                email("welcome", MONDAY_10_15_PARIS), checks(EACH_ACTION_ONCE, "welcome", MONDAY_10_15_PARIS))), "after-first");
        CapStore.Reservations refused = store.reserveAll(customer, List.of(new CapStore.Request(
                email("welcome", later), checks(EACH_ACTION_ONCE, "welcome", later))), "after-refusal");

        assertThat(first.full()).containsExactly(Optional.empty());
        assertThat(first.replacedStamp()).isEqualTo(before);
        assertThat(refused.full().get(0)).get().extracting(CapCheck::declaration).isEqualTo(EACH_ACTION_ONCE);
        assertThat(refused.replacedStamp()).isEqualTo("after-first");
        CapStore.ContactSnapshot after = store.snapshot(customer, Instant.EPOCH, later);
        assertThat(after.stamp()).isEqualTo("after-refusal");
        assertThat(after.contacts()).extracting(Contact::actionId).containsExactly("welcome");
        assertThat(store.reserveAll(newCustomer(), List.of(new CapStore.Request(email("welcome", MONDAY_10_15_PARIS), List.of())),
                "first stamp").replacedStamp()).as("a customer who had no stamp").isNull();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void contactsReservedTogetherCountEachOtherInTurn(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        Instant at = MONDAY_10_15_PARIS;
        store.reserve(customer, email("earlier", at.minusSeconds(3_600)), List.of());

        CapStore.Reservations together = store.reserveAll(customer, List.of(
                new CapStore.Request(email("welcome", at), checks(THREE_EMAILS_A_WEEK, "welcome", at)),
                new CapStore.Request(email("promo", at), checks(THREE_EMAILS_A_WEEK, "promo", at)),
                new CapStore.Request(email("survey", at), checks(THREE_EMAILS_A_WEEK, "survey", at))), null);

        assertThat(together.full()).as("the third email of the three is the fourth of the week")
                .containsExactly(Optional.empty(), Optional.empty(),
                        Optional.of(checks(THREE_EMAILS_A_WEEK, "survey", at).get(0)));
        assertThat(together.replacedStamp()).as("no stamp asked for").isNull();
        assertThat(store.history(customer, Instant.EPOCH, null)).extracting(Contact::actionId)
                .containsExactlyInAnyOrder("earlier", "welcome", "promo");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRefusalNamesTheCapThatWasFull(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        store.reserve(customer, email("welcome", MONDAY_10_15_PARIS), checks(EACH_ACTION_ONCE, "welcome", MONDAY_10_15_PARIS));

        Instant later = MONDAY_10_15_PARIS.plusSeconds(60);
        assertThat(store.reserve(customer, email("welcome", later), checks(EACH_ACTION_ONCE, "welcome", later)))
                .get().extracting(CapCheck::declaration).isEqualTo(EACH_ACTION_ONCE);
        assertThat(store.reserve(customer, email("other", later), checks(EACH_ACTION_ONCE, "other", later))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRollingWindowFreesASlotExactlyWhenTheOldestContactLeavesIt(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        for (int i = 0; i < 3; i++) {
            Instant at = MONDAY_10_15_PARIS.plus(Duration.ofDays(i));
            store.reserve(customer, email("m" + i, at), checks(THREE_EMAILS_A_WEEK, "m" + i, at));
        }
        Instant justBefore = MONDAY_10_15_PARIS.plus(Duration.ofDays(7)).minusMillis(1);
        Instant exactlyAWeek = MONDAY_10_15_PARIS.plus(Duration.ofDays(7));

        assertThat(store.reserve(customer, email("m3", justBefore), checks(THREE_EMAILS_A_WEEK, "m3", justBefore))).isPresent();
        assertThat(store.reserve(customer, email("m4", exactlyAWeek), checks(THREE_EMAILS_A_WEEK, "m4", exactlyAWeek))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aCalendarDayCapResetsAtLocalMidnight(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        Instant lateEvening = Instant.parse("2026-11-23T22:30:00Z"); // 23:30 in Paris
        Instant afterMidnight = Instant.parse("2026-11-23T23:05:00Z"); // 00:05 in Paris, next day
        for (int i = 0; i < 2; i++) {
            Instant at = lateEvening.plusSeconds(i);
            store.reserve(customer, email("d" + i, at), checks(TWO_EMAILS_A_LOCAL_DAY, "d" + i, at));
        }

        Instant sameDay = lateEvening.plusSeconds(60);
        assertThat(store.reserve(customer, email("d2", sameDay), checks(TWO_EMAILS_A_LOCAL_DAY, "d2", sameDay))).isPresent();
        assertThat(store.reserve(customer, email("d3", afterMidnight), checks(TWO_EMAILS_A_LOCAL_DAY, "d3", afterMidnight)))
                .isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twoContactsInTheSameMillisecondCountTwice(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        store.reserve(customer, email("a", MONDAY_10_15_PARIS), List.of());
        store.reserve(customer, email("b", MONDAY_10_15_PARIS), List.of());

        assertThat(store.history(customer, Instant.EPOCH, MONDAY_10_15_PARIS)).hasSize(2);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aReleasedReservationFreesItsSlot(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        Contact first = email("welcome", MONDAY_10_15_PARIS);
        store.reserve(customer, first, checks(EACH_ACTION_ONCE, "welcome", MONDAY_10_15_PARIS));

        store.release(customer, first);

        Instant later = MONDAY_10_15_PARIS.plusSeconds(1);
        assertThat(store.reserve(customer, email("welcome", later), checks(EACH_ACTION_ONCE, "welcome", later))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void reservingAContactAlreadyHeldUnderItsIdKeepsOneContactAtTheLaterTime(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        Instant later = MONDAY_10_15_PARIS.plusSeconds(30);
        Contact firstAttempt = new Contact("step:journey-1:remind:0:welcome:email", "welcome", "email", "newsletter",
                MONDAY_10_15_PARIS);
        Contact retry = new Contact(firstAttempt.id(), "welcome", "email", "newsletter", later);
        store.reserve(customer, firstAttempt, checks(EACH_ACTION_ONCE, "welcome", MONDAY_10_15_PARIS));

        assertThat(store.reserve(customer, retry, checks(EACH_ACTION_ONCE, "welcome", later))).isEmpty();
        assertThat(store.history(customer, Instant.EPOCH, later)).extracting(Contact::at).containsExactly(later);
        // Any other contact of the same action is still capped.
        Instant evenLater = later.plusSeconds(1);
        assertThat(store.reserve(customer, email("welcome", evenLater), checks(EACH_ACTION_ONCE, "welcome", evenLater)))
                .isPresent();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void forgettingACustomerRemovesEveryContact(String kind) {
        CapStore store = store(kind);
        String customer = newCustomer();
        store.reserve(customer, email("welcome", MONDAY_10_15_PARIS), List.of());

        store.forget(customer);

        assertThat(store.history(customer, Instant.EPOCH, MONDAY_10_15_PARIS)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void concurrentReservationsNeverExceedTheCap(String kind) throws Exception {
        CapStore store = store(kind);
        String customer = newCustomer();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String action = "mail-" + i;
                attempts.add(() -> store.reserve(customer, email(action, MONDAY_10_15_PARIS),
                        checks(THREE_EMAILS_A_WEEK, action, MONDAY_10_15_PARIS)).isEmpty());
            }
            long granted = 0;
            for (Future<Boolean> attempt : pool.invokeAll(attempts)) {
                granted += attempt.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(3);
        } finally {
            pool.shutdown();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aContactStampedAfterTheDecidingMomentStillCounts(String kind) {
        // Two decisions for one customer: the one that started later reserved first, a few milliseconds
        // after the other's moment. The slower one must still see it: both would otherwise take the last slot.
        CapStore store = store(kind);
        String customer = newCustomer();
        Instant slower = MONDAY_10_15_PARIS;
        Instant faster = slower.plusMillis(3);
        assertThat(store.reserve(customer, email("welcome", faster), checks(EACH_ACTION_ONCE, "welcome", faster))).isEmpty();

        assertThat(store.reserve(customer, email("welcome", slower), checks(EACH_ACTION_ONCE, "welcome", slower))).isPresent();
        assertThat(store.history(customer, Instant.EPOCH, null)).hasSize(1);
    }

    @Test
    void redisContactKeysExpireOnTheirOwnAndShareTheCustomersHashSlot() {
        CapStore store = store("redis");
        String customer = newCustomer();
        store.reserve(customer, email("welcome", MONDAY_10_15_PARIS), List.of());

        String key = "nb:{" + customer + "}:contacts";
        long ttl = redis.execute("PTTL", key).toLong();
        assertThat(ttl).isPositive().isLessThanOrEqualTo(RETENTION.toMillis());
        assertThat(RedisCapStore.key(customer)).isEqualTo(key);
    }

    @Test
    void aCustomerRedisLostIsRebuiltFromTheRecordsBeforeAnythingIsReservedForThem() {
        String customer = newCustomer();
        Contact welcome = email("welcome", MONDAY_10_15_PARIS);
        Contact beyondRetention = email("old-news", MONDAY_10_15_PARIS.minus(RETENTION));
        RedisCapStore store = redisStore((id, from) -> List.of(welcome, beyondRetention), new SimpleMeterRegistry());
        Instant later = MONDAY_10_15_PARIS.plusSeconds(60);

        assertThat(store.reserve(customer, email("welcome", later), checks(EACH_ACTION_ONCE, "welcome", later)))
                .get().extracting(CapCheck::declaration).isEqualTo(EACH_ACTION_ONCE);
        assertThat(store.history(customer, Instant.EPOCH, null)).containsExactly(welcome);
        assertThat(store.rebuilds(ContactIndexWatch.Outcome.REBUILT)).isEqualTo(1);
        // The marker expires with the contacts.
        assertThat(redis.execute("PTTL", "nb:{" + customer + "}:indexed").toLong())
                .isCloseTo(redis.execute("PTTL", "nb:{" + customer + "}:contacts").toLong(), within(1_000L));
    }

    @Test
    void aCustomerWithNothingOnRecordIsRebuiltEmptyOnceAndThenReservesAsUsual() {
        String customer = newCustomer();
        AtomicInteger reads = new AtomicInteger();
        RedisCapStore store = redisStore((id, from) -> {
            reads.incrementAndGet();
            return List.of();
        }, new SimpleMeterRegistry());

        assertThat(store.snapshot(customer, Instant.EPOCH, null).contacts()).isEmpty();
        assertThat(store.reserve(customer, email("welcome", MONDAY_10_15_PARIS), checks(EACH_ACTION_ONCE, "welcome", MONDAY_10_15_PARIS)))
                .isEmpty();
        assertThat(store.history(customer, Instant.EPOCH, null)).extracting(Contact::actionId).containsExactly("welcome");
        assertThat(reads).as("reads of the records").hasValue(1);
        assertThat(store.rebuilds(ContactIndexWatch.Outcome.EMPTY)).isEqualTo(1);
    }

    @Test
    void twoRebuildsOfOneCustomerAtOnceCountEachContactOnce() throws Exception {
        String customer = newCustomer();
        // Both read the records before either writes; each read names the contacts with fresh ids, so only the
        // script's atomic check of the marker keeps them from counting twice.
        CountDownLatch bothRead = new CountDownLatch(2);
        ContactRecords records = (id, from) -> {
            bothRead.countDown();
            try {
                bothRead.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return List.of(email("welcome", MONDAY_10_15_PARIS), email("newsletter", MONDAY_10_15_PARIS.plusSeconds(1)));
        };
        RedisCapStore first = redisStore(records, new SimpleMeterRegistry());
        RedisCapStore second = redisStore(records, new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Instant later = MONDAY_10_15_PARIS.plusSeconds(60);
            Future<Optional<CapCheck>> onFirst = pool.submit(() -> first.reserve(customer, email("promo", later),
                    checks(THREE_EMAILS_A_WEEK, "promo", later)));
            Future<List<Contact>> onSecond = pool.submit(() -> second.snapshot(customer, Instant.EPOCH, null).contacts());
            assertThat(onFirst.get()).as("two emails on record, one slot left").isEmpty();
            onSecond.get();
        } finally {
            pool.shutdown();
        }

        assertThat(first.history(customer, Instant.EPOCH, null)).extracting(Contact::actionId)
                .containsExactly("welcome", "newsletter", "promo");
        assertThat(first.rebuilds(ContactIndexWatch.Outcome.REBUILT) + second.rebuilds(ContactIndexWatch.Outcome.REBUILT)).isEqualTo(1);
        assertThat(first.rebuilds(ContactIndexWatch.Outcome.RACED) + second.rebuilds(ContactIndexWatch.Outcome.RACED)).isEqualTo(1);
    }

    @Test
    void contactsKeptByAVersionWithoutMarkersAreTakenAsCompleteAndNothingIsAdded() {
        String customer = newCustomer();
        Contact kept = email("welcome", MONDAY_10_15_PARIS);
        redis.execute("ZADD", RedisCapStore.key(customer), String.valueOf(kept.at().toEpochMilli()), RedisCapStore.encode(kept));
        redis.execute("PEXPIRE", RedisCapStore.key(customer), String.valueOf(Duration.ofDays(3).toMillis()));
        RedisCapStore store = redisStore((id, from) -> List.of(email("never-added", MONDAY_10_15_PARIS)), new SimpleMeterRegistry());

        assertThat(store.snapshot(customer, Instant.EPOCH, null).contacts()).containsExactly(kept);
        assertThat(store.rebuilds(ContactIndexWatch.Outcome.TRUSTED)).isEqualTo(1);
        assertThat(redis.execute("PTTL", "nb:{" + customer + "}:indexed").toLong())
                .isPositive().isLessThanOrEqualTo(Duration.ofDays(3).toMillis());
    }

    @Test
    void whenTheRecordsCannotBeReadNothingIsReservedAndTheCustomersCapsAreUnknown() {
        String customer = newCustomer();
        RedisCapStore store = redisStore((id, from) -> {
            throw new IllegalStateException("database down");
        }, new SimpleMeterRegistry());

        assertThatThrownBy(() -> store.reserve(customer, email("welcome", MONDAY_10_15_PARIS), List.of()))
                .isInstanceOf(UnindexedContactsException.class).hasMessageContaining("database down");
        assertThatThrownBy(() -> store.snapshot(customer, Instant.EPOCH, null)).isInstanceOf(UnindexedContactsException.class);
        assertThat(redis.execute("EXISTS", RedisCapStore.key(customer), "nb:{" + customer + "}:indexed").toInteger()).isZero();
        assertThat(store.rebuilds(ContactIndexWatch.Outcome.FAILED)).isEqualTo(2);
    }

    @Test
    void anErasedCustomersContactsAreNotBroughtBackFromRecordsBeingErased() {
        String customer = newCustomer();
        RedisCapStore store = redisStore((id, from) -> List.of(email("welcome", MONDAY_10_15_PARIS)), new SimpleMeterRegistry());

        store.forget(customer);

        assertThat(store.history(customer, Instant.EPOCH, null)).isEmpty();
    }

    @Test
    void aRedisThatLostItsDataIsToldOnceByItsGeneration() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisCapStore store = redisStore(ContactRecords.NONE, registry);
        store.ping();
        store.ping();
        assertThat(registry.counter("nextbest.contacts.index.lost").count()).isZero();

        redis.execute("DEL", RedisCapStore.GENERATION_KEY);
        store.ping();
        store.ping();

        assertThat(registry.counter("nextbest.contacts.index.lost").count()).isEqualTo(1);
    }

    private static String newCustomer() {
        return "caps-" + UUID.randomUUID();
    }

    private static Contact email(String action, Instant at) {
        return new Contact(UUID.randomUUID().toString(), action, "email", "newsletter", at);
    }

    private static List<CapCheck> checks(CapDeclaration cap, String action, Instant now) {
        return cap.checkFor(Candidate.email(action).category("newsletter"), now, PARIS).stream().toList();
    }
}
