package io.nextbest.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;

/**
 * Files to try on a share of customers, over the rules folder (or alone, with {@code replaceFolder}).
 *
 * @param percent the share of customers the candidate decides for: more than 0, at most 100, to the hundredth
 */
public record CanaryRequest(@NotNull @Size(min = 1, max = 200) List<@Valid @NotNull RuleFileUpload> files,
                            Boolean replaceFolder,
                            @NotNull @DecimalMin(value = "0.01", message = "must be at least 0.01 (percent)")
                            @DecimalMax(value = "100", message = "must be at most 100 (percent)")
                            @Digits(integer = 3, fraction = 2, message = "must be a percentage with at most two decimals")
                            BigDecimal percent) {
}
