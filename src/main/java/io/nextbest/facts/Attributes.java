package io.nextbest.facts;

import java.util.Map;

/** Typed reads of free-form attributes, so rules can compare text and numbers without casts. */
final class Attributes {
    private Attributes() {
    }

    static String text(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        return value == null ? null : value.toString();
    }

    /** A missing or non-numeric attribute reads as 0, so a rule comparing it simply does not match. */
    static double number(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException notANumber) {
                return 0;
            }
        }
        return 0;
    }

    static boolean flag(Map<String, Object> attributes, String name) {
        Object value = attributes.get(name);
        return value instanceof Boolean bool ? bool : "true".equalsIgnoreCase(String.valueOf(value));
    }
}
