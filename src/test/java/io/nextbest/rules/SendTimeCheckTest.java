package io.nextbest.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SendTimeCheckTest {

    @Test
    void aMisspeltSendTimeInARuleIsAnErrorAtItsLineWithTheTimeMeant() {
        String drl = """
                package nextbest;
                import io.nextbest.facts.*;
                rule "Late offer"
                    agenda-group "triggers"
                when
                    Event( type == "signed_up", current )
                then
                    insert(Candidate.email("late-offer").atLocalTime("tomorow 18:00"));
                end
                """;

        assertThat(SendTimeCheck.check("late.drl", drl)).singleElement().satisfies(problem -> {
            assertThat(problem.line()).isEqualTo(8);
            assertThat(problem.column()).isEqualTo(55);
            assertThat(problem.severity()).isEqualTo(RuleProblem.Severity.ERROR);
            assertThat(problem.message()).isEqualTo("'tomorow 18:00' is not a send time (did you mean 'tomorrow 18:00'?):"
                    + " write it like '14:00', 'today 18:00', 'tomorrow 14:00' or 'monday 09:00'");
        });
    }

    @Test
    void aSendTimeWithNothingCloseHasNoSuggestion() {
        assertThat(SendTimeCheck.problemWith("whenever")).hasValueSatisfying(message ->
                assertThat(message).startsWith("'whenever' is not a send time:"));
    }

    @Test
    void theSampleRulesSendTimesAreSendTimes() throws Exception {
        try (var files = Files.list(Path.of("rules"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".drl")).toList()) {
                assertThat(SendTimeCheck.check(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)))
                        .as("%s", file).isEmpty();
            }
        }
        assertThat(SendTimeCheck.check("cart-recovery.drl", Files.readString(Path.of("rules/cart-recovery.drl"))
                .replace("atLocalTime(\"14:00\")", "atLocalTime(\"14h\")"))).hasSize(1);
    }
}
