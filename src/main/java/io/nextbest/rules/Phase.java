package io.nextbest.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The agenda groups a decision runs through, in this order. Journey exits come first, so a customer who
 * has left a journey (goal met, opted out) takes no further step in it in the same decision.
 */
public enum Phase {
    JOURNEYS, TRIGGERS, ELIGIBILITY, ARBITRATION;

    public String agendaGroup() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static boolean isPhase(String agendaGroup) {
        return Arrays.stream(values()).anyMatch(phase -> phase.agendaGroup().equals(agendaGroup));
    }

    /**
     * Whether a rule of this agenda group that fails sets aside the candidates it guarded (eligibility and
     * arbitration decide what may go out: a broken check must not let anything through).
     */
    public static boolean failsClosed(String agendaGroup) {
        return ELIGIBILITY.agendaGroup().equals(agendaGroup) || ARBITRATION.agendaGroup().equals(agendaGroup);
    }

    public static List<String> agendaGroups() {
        return Arrays.stream(values()).map(Phase::agendaGroup).toList();
    }
}
