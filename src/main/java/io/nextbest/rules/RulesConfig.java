package io.nextbest.rules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "nextbest.rules")
public interface RulesConfig {
    /** The folder analysts edit: DRL files and decision tables (env NEXTBEST_RULES_DIR). */
    @WithDefault("rules")
    String dir();

    /** How many rule firings one decision may take before it is stopped as a runaway. */
    @WithDefault("10000")
    int maxFiringsPerDecision();

    /** How often the folder is checked for changes ("5s", "1m"; "off" disables the watcher). */
    @WithDefault("5s")
    String watchInterval();

    /** How many earlier rulesets are kept in memory for rollback. */
    @WithDefault("10")
    int historySize();
}
