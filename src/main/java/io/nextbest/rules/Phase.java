package io.nextbest.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The three agenda groups a decision runs through, in this order. */
public enum Phase {
    TRIGGERS, ELIGIBILITY, ARBITRATION;

    public String agendaGroup() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static boolean isPhase(String agendaGroup) {
        return Arrays.stream(values()).anyMatch(phase -> phase.agendaGroup().equals(agendaGroup));
    }

    public static List<String> agendaGroups() {
        return Arrays.stream(values()).map(Phase::agendaGroup).toList();
    }
}
