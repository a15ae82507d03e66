package io.nextbest.rules;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * The DRL a decision table compiles to, kept for the tables seen last: a reload's checks (cell check, lint,
 * coverage, problem locations) each read it, and a spreadsheet takes about 70 ms to convert even when warm.
 * Keyed by content, so a changed table is converted again.
 */
public final class TableDrl {
    private static final int KEPT = 32;
    private static final Map<String, String> BY_CONTENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > KEPT;
        }
    };

    private TableDrl() {
    }

    /** @throws RuntimeException when the table cannot be read (not kept) */
    public static String of(String file, byte[] content) {
        InputType type = file.toLowerCase(Locale.ROOT).endsWith(".csv") ? InputType.CSV : InputType.XLS;
        String key = type + ":" + sha256(content);
        synchronized (BY_CONTENT) {
            String kept = BY_CONTENT.get(key);
            if (kept != null) {
                return kept;
            }
        }
        String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(content), type);
        synchronized (BY_CONTENT) {
            BY_CONTENT.put(key, drl);
        }
        return drl;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("Every Java runtime has SHA-256", missing);
        }
    }
}
