package io.nextbest.api;

/**
 * Text the service can store as it was sent. PostgreSQL refuses the NUL character in text (the whole
 * statement fails), and an unpaired surrogate is not Unicode: it would be stored as '?', so two ids that
 * differ in it would become one.
 */
final class StorableText {
    static final String MESSAGE = "must not contain NUL characters or unpaired surrogates";

    private StorableText() {
    }

    static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
