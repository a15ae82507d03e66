package io.nextbest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Files to activate over the rules folder (or alone, with {@code replaceFolder}), on every replica. */
public record ActivateRequest(@NotNull @Size(min = 1, max = 200) List<@Valid @NotNull RuleFileUpload> files,
                              Boolean replaceFolder) {
}
