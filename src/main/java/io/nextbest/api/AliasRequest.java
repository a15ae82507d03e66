package io.nextbest.api;

/** The anonymous id (cookie, device) to link to a customer. */
public record AliasRequest(@CustomerId String alias) {
}
