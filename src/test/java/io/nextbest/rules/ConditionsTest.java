package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private static List<String> row(String... lines) {
        return List.of(lines);
    }

    @Test
    void rangesThatMeetOverlapAndRangesThatOnlyTouchDoNot() {
        List<String> lowValue = row("Customer(lifetimeValue >= 0)", "Customer(lifetimeValue < 500)");

        assertThat(Conditions.overlap(lowValue, row("Customer(lifetimeValue >= 300)", "Customer(lifetimeValue < 900)"))).isTrue();
        assertThat(Conditions.overlap(lowValue, row("Customer(lifetimeValue >= 500)", "Customer(lifetimeValue < 900)"))).isFalse();
        // Both include 500.
        assertThat(Conditions.overlap(row("Customer(lifetimeValue >= 500)", "Customer(lifetimeValue <= 900)"),
                row("Customer(lifetimeValue >= 0)", "Customer(lifetimeValue <= 500)"))).isTrue();
    }

    @Test
    void equalNumbersOverlapOnlyWhenTheyAreTheSame() {
        assertThat(Conditions.overlap(row("Event(count == 3)"), row("Event(count == 3)"))).isTrue();
        assertThat(Conditions.overlap(row("Event(count == 3)"), row("Event(count == 4)"))).isFalse();
    }

    @Test
    void linesOfAnotherShapeAreNeverProvedToOverlap() {
        assertThat(Conditions.overlap(row("Customer(segment == \"vip\")"), row("Customer(segment == \"regular\")"))).isFalse();
        assertThat(Conditions.overlap(row("Customer(lifetimeValue >= 1)"), row("Customer(lifetimeValue < 1000)"))).isFalse();
        assertThat(Conditions.overlap(row("Customer(lifetimeValue >= 1)"), row("Customer(lifetimeValue >= 1)", "Context()")))
                .isFalse();
    }

    @Test
    void aRowIsWiderWhenItsRangesHoldTheOthers() {
        List<String> any = row("$d : Event(type == \"download\")", "Event(this == $d, number(\"scrollDepth\") >= 0)");
        List<String> deep = row("$d : Event(type == \"download\")", "Event(this == $d, number(\"scrollDepth\") >= 75)");

        assertThat(Conditions.wider(any, deep)).isTrue();
        assertThat(Conditions.wider(deep, any)).isFalse();
        assertThat(Conditions.wider(deep, deep)).isTrue();
    }
}
