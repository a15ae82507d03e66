package io.nextbest.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

@ConfigMapping(prefix = "nextbest.rules")
public interface RulesConfig {
    /** The folder analysts edit: DRL files and decision tables (env NEXTBEST_RULES_DIR). */
    @WithDefault("rules")
    String dir();

    /** How many rule firings one decision may take before it is stopped as a runaway. */
    @WithDefault("10000")
    int maxFiringsPerDecision();

    /** How much CPU time one decision's rules may take before they are stopped as a runaway. */
    @WithDefault("1s")
    java.time.Duration timeBudgetPerDecision();

    /** How often the folder is checked for changes ("5s", "1m"; "off" disables the watcher). */
    @WithDefault("5s")
    String watchInterval();

    /**
     * The share of rules (in percent) the scenario tests must fire for a ruleset to go live; 0, the default,
     * only reports coverage ({@code GET /v1/rules/coverage}).
     */
    @WithDefault("0")
    int minScenarioCoverage();

    /** How many earlier rulesets are kept in memory for rollback. */
    @WithDefault("10")
    int historySize();

    /** What analysts' rules may call. */
    Sandbox sandbox();

    interface Sandbox {
        /**
         * Rules may only use the fact model and a small list of value types, and may not loop without a bound
         * (rules/README.md, "What rules may call"). False lets rules call any Java: for teams whose rule authors
         * may knowingly run code on the service.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** How replicas share the work of compiling rulesets. */
    Builds builds();

    interface Builds {
        /**
         * Each ruleset is compiled by one replica and loaded by the others from the database (false: every
         * replica compiles for itself, as the embedded default does).
         */
        @WithDefault("true")
        boolean shared();

        /**
         * This replica compiles a ruleset no replica has claimed yet. False on the serving replicas of a
         * deployment with a builder: they wait for its build and only load, never compile, while deciding.
         */
        @WithDefault("true")
        boolean claim();

        /** How long a replica waits for a build claimed elsewhere (or, without claim, for any) before compiling it itself. */
        @WithName("wait")
        @WithDefault("60s")
        Duration waitLimit();

        /**
         * How long a build asked for through the API (reload, validate, activate, rollback, replay, canary, simulate with
         * files) waits for a build already running on this replica; then it is answered 409 build-in-progress.
         */
        @WithDefault("10s")
        Duration busyWait();
    }

    /** The analysts' scenario tests every build runs. */
    Scenarios scenarios();

    interface Scenarios {
        /**
         * The CPU time all of a build's scenario tests may take together; past it the remaining scenarios are not run
         * and the build is refused, naming the scenario and the rules that took the time.
         */
        @WithDefault("30s")
        Duration budget();
    }
}
