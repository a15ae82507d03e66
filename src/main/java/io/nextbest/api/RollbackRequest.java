package io.nextbest.api;

import jakarta.validation.constraints.NotBlank;

public record RollbackRequest(@NotBlank String version) {
}
