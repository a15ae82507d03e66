package io.nextbest.api;

import io.nextbest.decision.Decision;
import io.nextbest.journeys.JourneyChange;
import io.nextbest.security.Permissions;
import io.nextbest.security.SecurityConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The part of a decision a caller may see. A caller that may not read profiles (a website's decide key) does
 * not learn whether a customer consented or opted out: the set-aside actions whose reason says so
 * ({@code nextbest.security.private-reasons}) are left out, and so are the rules that set them aside, unless
 * such a rule also did something the answer still shows. The decision record keeps everything, for admins.
 */
@ApplicationScoped
class DecisionDisclosure {
    private final Set<String> privateReasons;

    @Inject
    DecisionDisclosure(SecurityConfig config) {
        this(config.privateReasons());
    }

    DecisionDisclosure(Set<String> privateReasons) {
        this.privateReasons = Set.copyOf(privateReasons);
    }

    Decision shownTo(Permissions caller, Decision decision) {
        if (caller.readsProfiles() || decision.suppressed().stream().noneMatch(this::isPrivate)) {
            return decision;
        }
        List<Decision.Suppressed> shown = decision.suppressed().stream().filter(entry -> !isPrivate(entry)).toList();
        Set<String> hiddenRules = new HashSet<>();
        decision.suppressed().stream().filter(this::isPrivate).map(Decision.Suppressed::rule).filter(Objects::nonNull)
                .forEach(hiddenRules::add);
        hiddenRules.removeAll(rulesNamed(decision, shown));
        return new Decision(decision.decisionId(), decision.customerId(), decision.rulesetVersion(),
                decision.decidedAt(), decision.dryRun(), decision.actions(), shown, decision.journeys(),
                decision.firedRules().stream().filter(rule -> !hiddenRules.contains(rule)).toList(),
                decision.failedRules(), decision.tookMicros());
    }

    private boolean isPrivate(Decision.Suppressed entry) {
        return privateReasons.contains(entry.reason());
    }

    /** The rules the answer names anyway: a rule named there gives nothing away by being listed as fired. */
    private static Set<String> rulesNamed(Decision decision, List<Decision.Suppressed> shown) {
        return Stream.of(
                        decision.actions().stream().map(Decision.Action::rule),
                        shown.stream().flatMap(entry -> Stream.of(entry.rule(), entry.proposedBy())),
                        decision.journeys().stream().map(JourneyChange::rule))
                .flatMap(rules -> rules)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}
