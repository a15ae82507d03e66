package io.nextbest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;

/** Recorded decisions in {@code [from, to)} replayed through a candidate ruleset: files over the folder. */
public record ReplayRequest(@NotNull OffsetDateTime from, @NotNull OffsetDateTime to,
                            @NotNull @Size(min = 1, max = 200) List<@Valid @NotNull RuleFileUpload> files,
                            Boolean replaceFolder,
                            @Min(1) @Max(100_000) Integer maxDecisions,
                            @Min(0) @Max(100) Integer examples) {
}
