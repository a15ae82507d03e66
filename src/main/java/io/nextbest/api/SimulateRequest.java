package io.nextbest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A decision to simulate, optionally against a candidate ruleset: {@code files} over the rules folder
 * (or alone with {@code replaceFolder}). Nothing is stored, reserved or recorded.
 */
public record SimulateRequest(@Valid @NotNull DecisionRequest request,
                              @Size(max = 200) List<@Valid @NotNull RuleFileUpload> files,
                              Boolean replaceFolder) {
}
