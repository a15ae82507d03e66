package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CustomerShareTest {
    private static final int POPULATION = 100_000;

    @Test
    void tenPercentIsAboutOneCustomerInTen() {
        long in = customers().filter(id -> CustomerShare.within("v1", id, 10)).count();

        // Binomial standard deviation for 100,000 at 10 %: about 95; three of them either side.
        assertThat(in).isBetween(9_700L, 10_300L);
    }

    @Test
    void aWiderShareKeepsEveryoneTheNarrowerOneHad() {
        assertThat(customers().filter(id -> CustomerShare.within("v1", id, 10))
                .allMatch(id -> CustomerShare.within("v1", id, 25))).isTrue();
        assertThat(customers().allMatch(id -> CustomerShare.within("v1", id, 100))).isTrue();
    }

    @Test
    void eachCandidateGetsItsOwnSliceOfCustomers() {
        long inBoth = customers().filter(id -> CustomerShare.within("v1", id, 10) && CustomerShare.within("v2", id, 10))
                .count();

        // Independent slices share one customer in a hundred, not one in ten.
        assertThat(inBoth).isBetween(700L, 1_300L);
    }

    @Test
    void aShareIsCountedToTheHundredthOfAPercent() {
        long in = customers().filter(id -> CustomerShare.within("v1", id, 0.5)).count();

        assertThat(in).isBetween(400L, 600L);
        assertThat(customers().noneMatch(id -> CustomerShare.within("v1", id, 0))).isTrue();
    }

    private static java.util.stream.Stream<String> customers() {
        return IntStream.range(0, POPULATION).mapToObj(i -> "customer-" + i);
    }
}
