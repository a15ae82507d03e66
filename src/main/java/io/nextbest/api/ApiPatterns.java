package io.nextbest.api;

/** Shapes of identifiers the API accepts. */
final class ApiPatterns {
    /** Event types, channels, segments: a letter, then letters, digits, '_', '-', '.', ':'. */
    static final String NAME = "[A-Za-z][A-Za-z0-9_.:-]*";
    static final String NAME_MESSAGE = "must start with a letter and contain only letters, digits, '_', '-', '.' or ':'";

    private ApiPatterns() {
    }
}
