package io.nextbest.facts;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A fact with free-form attributes, readable from rules as text, numbers or flags without casts. */
public abstract class WithAttributes {
    private final Map<String, Object> attributes;

    /** Attributes set to null are dropped: to a rule, null and absent read the same. */
    protected WithAttributes(Map<String, Object> attributes) {
        Map<String, Object> present = new LinkedHashMap<>();
        attributes.forEach((name, value) -> {
            if (name != null && value != null) {
                present.put(name, value);
            }
        });
        this.attributes = Collections.unmodifiableMap(present);
    }

    public Map<String, Object> getAttributes() {
        return attributes;
    }

    public Object attr(String name) {
        return attributes.get(name);
    }

    public String text(String name) {
        Object value = attributes.get(name);
        return value == null ? null : value.toString();
    }

    /** A missing or non-numeric attribute reads as 0, so a rule comparing it simply does not match. */
    public double number(String name) {
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

    /** A date attribute ("1990-02-10", or a date-time of which the date counts); null when absent or not a date. */
    public LocalDate date(String name) {
        Object value = attributes.get(name);
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        try {
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException notADate) {
            return null;
        }
    }

    public boolean flag(String name) {
        Object value = attributes.get(name);
        return value instanceof Boolean bool ? bool : "true".equalsIgnoreCase(String.valueOf(value));
    }
}
