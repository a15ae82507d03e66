package io.nextbest.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A generated CSV decision table of offers: each row picks an event type, a customer segment and a band of
 * lifetime value, and proposes its own action on one of four channels. Rows of one event and segment have
 * adjacent bands that do not overlap, so a sound table gives no warning about its rows; {@code bands} sets
 * how many rows share an event and segment (the rows the checks must compare with each other).
 */
public final class GeneratedTable {
    public static final String FILE = "generated-offers.drl.csv";
    private static final List<String> SEGMENTS = List.of("consumer", "enterprise", "smb", "student", "public");
    private static final List<String> CHANNELS = List.of("email", "sms", "push", "web");

    private GeneratedTable() {
    }

    /** {@code rows} rows in groups of {@code bands} per event type and segment. */
    public static byte[] offers(int rows, int bands) {
        StringBuilder csv = new StringBuilder();
        for (String line : List.of(
                ",RuleSet,nextbest",
                ",Import,io.nextbest.facts.*",
                ",,",
                ",RuleTable Generated offers",
                ",NAME,AGENDA-GROUP,CONDITION,CONDITION,CONDITION,CONDITION,ACTION",
                ",,,Event,Customer,Customer,Customer,",
                ",,,\"type == \"\"$param\"\", current\",\"segment == \"\"$param\"\"\",lifetimeValue >= $param,lifetimeValue < $param,\"insert(Candidate.of(\"\"$1\"\", \"\"$2\"\").priority(50).category(\"\"offers\"\"));\"",
                ",Offer,Phase,Event,Segment,Value from,Value below,\"Action id, channel\"")) {
            csv.append(line).append('\n');
        }
        for (int i = 0; i < rows; i++) {
            int group = i / bands;
            int band = i % bands;
            String event = "offer_event_" + group / SEGMENTS.size();
            String segment = SEGMENTS.get(group % SEGMENTS.size());
            csv.append(",Offer ").append(i).append(",triggers,").append(event).append(',').append(segment).append(',')
                    .append(band * 100).append(',').append(band * 100 + 100).append(",\"offer-").append(i).append(", ")
                    .append(CHANNELS.get(i % CHANNELS.size())).append("\"\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
