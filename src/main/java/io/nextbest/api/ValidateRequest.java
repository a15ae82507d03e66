package io.nextbest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Files to validate over the rules folder; {@code replaceFolder} checks them on their own instead. */
public record ValidateRequest(@Size(max = 200) List<@Valid @NotNull RuleFileUpload> files, Boolean replaceFolder) {
}
