package io.nextbest.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.parser.xls.ExcelParser;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * The DRL a decision table compiles to, kept for the tables seen last: a reload's checks (cell check, lint,
 * coverage, problem locations) each read it, and a spreadsheet takes about 70 ms to convert even when warm.
 * Keyed by content, so a changed table is converted again.
 */
public final class TableDrl {
    private static final int KEPT = 32;
    private static final Map<String, Converted> BY_CONTENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Converted> eldest) {
            return size() > KEPT;
        }
    };

    private TableDrl() {
    }

    /** A table read once: the DRL it compiles to, and its filled cells for the checks that read them. */
    private record Converted(String drl, List<TableCell> cells) {
    }

    /** @throws RuntimeException when the table cannot be read (not kept) */
    public static String of(String file, byte[] content) {
        return converted(file, content).drl();
    }

    /**
     * The filled CONDITION and ACTION cells of the table, with their columns' templates.
     *
     * @throws RuntimeException when the table cannot be read
     */
    static List<TableCell> cellsOf(String file, byte[] content) {
        return converted(file, content).cells();
    }

    private static Converted converted(String file, byte[] content) {
        boolean csv = file.toLowerCase(Locale.ROOT).endsWith(".csv");
        String key = (csv ? "csv:" : "xls:") + sha256(content);
        synchronized (BY_CONTENT) {
            Converted kept = BY_CONTENT.get(key);
            if (kept != null) {
                return kept;
            }
        }
        // What SpreadsheetCompiler.compile does, with a listener that also keeps the cells: one read for both.
        TableCellReader reader = csv ? readCsv(content) : readWorkbook(content);
        Converted converted = new Converted(new SpreadsheetCompiler().listenerToString(reader), reader.cells());
        synchronized (BY_CONTENT) {
            BY_CONTENT.put(key, converted);
        }
        return converted;
    }

    private static TableCellReader readCsv(byte[] content) {
        TableCellReader reader = new TableCellReader(null);
        InputType.CSV.createParser(reader).parseFile(new ByteArrayInputStream(content));
        return reader;
    }

    /** Drools compiles a workbook's first sheet only, and its parser does not tell listeners the sheet's name. */
    private static TableCellReader readWorkbook(byte[] content) {
        try {
            Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content));
            TableCellReader reader = new TableCellReader(workbook.getSheetName(0));
            new ExcelParser(reader).parseWorkbook(workbook); // closes the workbook
            return reader;
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("Every Java runtime has SHA-256", missing);
        }
    }
}
