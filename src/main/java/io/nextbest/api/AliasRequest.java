package io.nextbest.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The anonymous id (cookie, device) to link to a customer. */
public record AliasRequest(@NotBlank @Size(max = 128) String alias) {
}
