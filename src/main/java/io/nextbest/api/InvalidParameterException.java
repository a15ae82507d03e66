package io.nextbest.api;

import jakarta.ws.rs.BadRequestException;

/** A path or query parameter the API cannot use, named as the caller wrote it. */
final class InvalidParameterException extends BadRequestException {
    private final String parameter;

    InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
