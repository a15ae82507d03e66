package io.nextbest.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A ruleset is compiled once, by whichever replica claims it, and loaded by the others from PostgreSQL. */
@QuarkusTest
class SharedBuildsTest {
    private static final RulesetCompiler COMPILER = new RulesetCompiler(Clock.systemUTC());

    @Inject
    BuildStore store;

    @Test
    void theActiveRulesetNamesTheReplicaThatCompiledIt() {
        given().get("/v1/rules").then().statusCode(200)
                .body("lastReload.compiledBy", is(SharedBuilds.THIS_REPLICA));
    }

    @Test
    void aRulesetAnotherReplicaCompiledIsLoadedWithoutCompilingIt() {
        Map<String, byte[]> files = sampleWithAMarker();
        Ruleset compiled = replica(true, Duration.ofSeconds(30)).obtain(files, COMPILER, compileAndCheck(files, new AtomicInteger())).ruleset();

        AtomicInteger compiles = new AtomicInteger();
        SharedBuilds.Obtained loaded = replica(true, Duration.ofSeconds(30)).obtain(files, COMPILER, compileAndCheck(files, compiles));

        assertThat(compiles).hasValue(0);
        assertThat(loaded.ruleset().kieBase()).isNotSameAs(compiled.kieBase());
        assertThat(loaded.ruleset().rules()).isEqualTo(compiled.rules());
        assertThat(loaded.compiledBy()).isEqualTo(SharedBuilds.THIS_REPLICA);
        assertThat(loaded.loaded()).isTrue();
    }

    @Test
    void aRejectedRulesetIsReportedToTheOthersWithTheSameProblemsWithoutCompilingIt() {
        Map<String, byte[]> files = sampleWithAMarker();
        files.put("broken.drl", "package nextbest;\nrule \"Broken\" agenda-group \"triggers\"\nwhen\n  Event( type == \nthen\nend\n"
                .getBytes(StandardCharsets.UTF_8));
        List<RuleProblem> problems = rejectionOf(() -> replica(true, Duration.ofSeconds(30))
                .obtain(files, COMPILER, compileAndCheck(files, new AtomicInteger())));

        AtomicInteger compiles = new AtomicInteger();
        List<RuleProblem> reported = rejectionOf(() -> replica(true, Duration.ofSeconds(30))
                .obtain(files, COMPILER, compileAndCheck(files, compiles)));

        assertThat(compiles).hasValue(0);
        assertThat(reported).isEqualTo(problems).isNotEmpty();
        assertThat(reported.get(0).file()).isEqualTo("broken.drl");
    }

    @Test
    void aReplicaThatMustNotCompileWaitsForTheBuilderAndLoadsItsBuild() throws Exception {
        Map<String, byte[]> files = sampleWithAMarker();
        AtomicInteger servingCompiles = new AtomicInteger();
        CompletableFuture<SharedBuilds.Obtained> serving = CompletableFuture.supplyAsync(() ->
                replica(false, Duration.ofSeconds(60)).obtain(files, COMPILER, compileAndCheck(files, servingCompiles)));
        Thread.sleep(1000);
        assertThat(serving).isNotDone();

        replica(true, Duration.ofSeconds(60)).obtain(files, COMPILER, compileAndCheck(files, new AtomicInteger()));

        assertThat(serving.get(30, TimeUnit.SECONDS).ruleset().version()).isEqualTo(RulesetCompiler.versionOf(files));
        assertThat(servingCompiles).hasValue(0);
    }

    @Test
    void aBuildItsClaimantNeverFinishesIsCompiledByAnotherAfterTheWait() {
        Map<String, byte[]> files = sampleWithAMarker();
        SharedBuilds replica = replica(true, Duration.ofSeconds(1));
        String key = replica.keyOf(files);
        assertThat(store.claim(key, RulesetCompiler.versionOf(files), "a-replica-that-died/1", Clock.systemUTC().instant())).isTrue();

        AtomicInteger compiles = new AtomicInteger();
        SharedBuilds.Obtained obtained = replica.obtain(files, COMPILER, compileAndCheck(files, compiles));

        assertThat(compiles).hasValue(1);
        assertThat(obtained.loaded()).isFalse();
        assertThat(store.find(key)).get().satisfies(build -> {
            assertThat(build.status()).isEqualTo(BuildStore.Status.ACCEPTED);
            assertThat(build.compiledBy()).isEqualTo(SharedBuilds.THIS_REPLICA);
        });
    }

    @Test
    void changedScenarioTestsAreAnotherBuild() {
        Map<String, byte[]> files = sampleWithAMarker();
        SharedBuilds replica = replica(true, Duration.ofSeconds(1));
        String before = replica.keyOf(files);
        files.put("tests/extra.yaml", "[]".getBytes(StandardCharsets.UTF_8));

        assertThat(replica.keyOf(files)).isNotEqualTo(before);
    }

    /** Rule files no other test built: the sample with a file of its own. */
    private static Map<String, byte[]> sampleWithAMarker() {
        Map<String, byte[]> files = new TreeMap<>(RuleFiles.read(Path.of("rules")));
        files.put("marker.drl", ("// " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private SharedBuilds replica(boolean claim, Duration waitLimit) {
        return new SharedBuilds(store, new RulesConfig.Builds() {
            @Override
            public boolean shared() {
                return true;
            }

            @Override
            public boolean claim() {
                return claim;
            }

            @Override
            public Duration waitLimit() {
                return waitLimit;
            }

            @Override
            public Duration busyWait() {
                return Duration.ofSeconds(10);
            }
        }, Clock.systemUTC());
    }

    private static Supplier<Ruleset> compileAndCheck(Map<String, byte[]> files, AtomicInteger compiles) {
        return () -> {
            compiles.incrementAndGet();
            return COMPILER.compile(files);
        };
    }

    private static List<RuleProblem> rejectionOf(Runnable build) {
        try {
            build.run();
        } catch (RulesetRejectedException rejected) {
            return rejected.problems();
        }
        throw new AssertionError("The ruleset was not rejected");
    }
}
