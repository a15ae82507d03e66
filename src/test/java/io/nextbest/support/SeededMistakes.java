package io.nextbest.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Rule files with a known mistake, for the tests of the checks that must find it. */
public final class SeededMistakes {
    /** A trigger that matches a Selection, which exists only in arbitration: it can never fire (line 3). */
    public static final String SELECTION_IN_TRIGGERS = """
            package nextbest;
            import io.nextbest.facts.*;
            rule "A trigger that waits for a selection"
                agenda-group "triggers"
            when
                Selection( )
            then
                insert(Candidate.web("never-shown"));
            end
            """;

    /** A trigger on an event no scenario sends: no scenario test fires it. */
    public static final String UNTESTED_TRIGGER = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Nobody tests this banner"
                agenda-group "triggers"
            when
                Event( type == "never_in_a_scenario", current )
            then
                insert(Candidate.web("untested-banner"));
            end
            """;

    /** The file name of {@link #OFFERS_BY_SEGMENT}. */
    public static final String OFFERS_TABLE = "offers-by-segment.drl.csv";

    /**
     * A decision table with two mistakes: rows 10 and 11 overlap (a VIP with a lifetime value from 300 to 500
     * matches both) and propose different web banners; and its rows cover the segments 'vip' and 'regular' but
     * not 'enterprise', which the sample's event-triggers table uses (a gap, reported at the header, row 7).
     */
    public static final String OFFERS_BY_SEGMENT = """
            ,RuleSet,nextbest
            ,Import,io.nextbest.facts.*
            ,,
            ,RuleTable Offers by segment,,,,,
            ,NAME,AGENDA-GROUP,CONDITION,CONDITION,CONDITION,CONDITION,ACTION
            ,,,Event,Customer,Customer,Customer,
            ,,,\"type == \"\"$param\"\", current\",\"segment == \"\"$param\"\"\",lifetimeValue >= $param,lifetimeValue < $param,\"insert(Candidate.of(\"\"$1\"\", \"\"$2\"\").priority(50));\"
            ,Offer,Phase,Event,Segment,Lifetime value from,Lifetime value below,\"Action id, channel\"
            ,VIP: lounge banner,triggers,offers_page_viewed,vip,0,500,\"vip-lounge-banner, web\"
            ,VIP: concierge banner,triggers,offers_page_viewed,vip,300,100000,\"vip-concierge-banner, web\"
            ,Regular: loyalty banner,triggers,offers_page_viewed,regular,0,100000,"loyalty-banner, web"
            """;

    /** The row of the table's header, where a gap is reported. */
    public static final int OFFERS_HEADER_ROW = 4;

    /** A CSV table cell whose quotes CSV parsing ate: {@code type == offers_page_viewed} (row 9). */
    public static final String LOST_QUOTES = OFFERS_BY_SEGMENT.replace("\"type == \"\"$param\"\", current\"",
            "\"type == $param, current\"");

    /** A trigger proposing WhatsApp messages, which no cap counts and no consent rule checks (line 4). */
    public static final String WHATSAPP_HELLO = """
            package nextbest;
            import io.nextbest.facts.*;

            rule "Hello on WhatsApp"
                agenda-group "triggers"
            when
                Event( type == "signed_up", current )
            then
                insert(Candidate.of("whatsapp-hello", "whatsapp").priority(10));
            end
            """;

    /** A finding the checks must report: where, and words of its message. */
    public record Expected(String file, int line, String severity, String says) {
    }

    /**
     * The sample rules with seven mistakes that compile: a shadowed row, overlapping rows proposing different
     * actions, a gap, an unreachable rule, a channel no cap counts, a channel no consent rule checks, and rules
     * no scenario test fires. Only the
     * changed files, to upload over (or write into) a copy of the rules folder.
     */
    public static Map<String, String> warnedOf(Path rules) throws IOException {
        Map<String, String> files = new TreeMap<>();
        files.put(OFFERS_TABLE, OFFERS_BY_SEGMENT);
        files.put("whatsapp.drl", WHATSAPP_HELLO);
        files.put("unreachable.drl", SELECTION_IN_TRIGGERS);
        // Without the global cap, WhatsApp messages are counted by no cap at all.
        files.put("caps.csv", Files.readString(rules.resolve("caps.csv"))
                .replace("global,*,5,7d,At most 5 contacts of any kind in 7 days\n", ""));
        // Row 13 goes before row 11 (priority 25 against 20) and matches all it matches (scroll depth 0 % or more).
        files.put("whitepaper-follow-up.drl.csv", Files.readString(rules.resolve("whitepaper-follow-up.drl.csv")).stripTrailing()
                + "\n,Skimmed quickly: send related content,25,whitepaper follow-up,triggers,whitepaper_downloaded,30,0,"
                + "\"whitepaper-related-content, email\",55,nurture\n");
        return files;
    }

    /** What {@link #warnedOf} must give, each a warning. */
    public static final List<Expected> WARNINGS = List.of(
            new Expected("whitepaper-follow-up.drl.csv", 11, "warning", "Row 11 (\"Skimmed: send related content\") can never fire: row 13"),
            new Expected(OFFERS_TABLE, 10, "warning", "Rows 9 and 10 (\"VIP: lounge banner\", \"VIP: concierge banner\") overlap"),
            new Expected(OFFERS_TABLE, OFFERS_HEADER_ROW, "warning", "segment 'regular', 'vip' but not 'enterprise'"),
            new Expected("unreachable.drl", 3, "warning", "matches a Selection in triggers"),
            new Expected("whatsapp.drl", 4, "warning", "proposes whatsapp contacts, which no cap"),
            new Expected("whatsapp.drl", 4, "warning", "no consent rule checks whatsapp"),
            new Expected(OFFERS_TABLE, 9, "warning", "No scenario test fires rule \"VIP: lounge banner\""));

    /** The error {@link #LOST_QUOTES} must give, in place of the offers table. */
    public static final Expected LOST_QUOTES_ERROR = new Expected(OFFERS_TABLE, 9, "error", "bare word 'offers_page_viewed'");

    private SeededMistakes() {
    }
}
