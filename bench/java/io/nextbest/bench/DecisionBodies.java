package io.nextbest.bench;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic decision requests: one of the benchmark's customers on the website, doing one of the
 * things the sample rules react to (or nothing they react to), in business hours or at night.
 */
public final class DecisionBodies {
    private static final String[] EVENTS = {
            "{\"type\": \"page_viewed\", \"attributes\": {\"page\": \"/pricing\"}}",
            "{\"type\": \"product_viewed\", \"attributes\": {\"sku\": \"A-1\"}}",
            "{\"type\": \"products_compared\"}, {\"type\": \"cart_abandoned\", \"attributes\": {\"value\": 120}}",
            "{\"type\": \"signed_up\"}",
            "{\"type\": \"purchase\", \"attributes\": {\"value\": 80}}",
            "{\"type\": \"whitepaper_downloaded\", \"attributes\": {\"scrollDepth\": 80}}",
    };

    private DecisionBodies() {
    }

    public static String random(int customers) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "{\"customerId\": \"bench-" + random.nextInt(customers) + "\", \"channel\": \"web\", \"events\": ["
                + EVENTS[random.nextInt(EVENTS.length)] + "]}";
    }
}
