package io.nextbest.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

/**
 * Turns a compile error in a decision table, which Drools reports at a line of the DRL it generated,
 * into the sheet, row and column the analyst edits: the generated rule says which row it came from, and
 * the cell of that row whose text the error quotes is the column. One locator reads its table once for all
 * the table's problems: a table of thousands of bad rows has thousands of them.
 */
final class TableLocator {
    private static final Pattern ROW_COMMENT = Pattern.compile("// rule values at ([A-Z]+)(\\d+)");
    private static final DataFormatter CELLS = new DataFormatter();

    private final String file;
    private final byte[] content;
    private String[] drlLines;
    private String[] csvLines;
    /** Read from memory: closing it would free nothing but memory, which the locator's end frees too. */
    private Workbook workbook;

    TableLocator(String file, byte[] content) {
        this.file = file;
        this.content = content;
    }

    RuleProblem locate(RuleProblem problem) {
        try {
            if (drlLines == null) {
                drlLines = TableDrl.of(file, content).split("\\R");
            }
            Optional<Integer> row = rowAtDrlLine(problem.line());
            if (row.isEmpty()) {
                return problem;
            }
            Location cell = file.toLowerCase(Locale.ROOT).endsWith(".csv")
                    ? inCsv(row.get(), problem.message())
                    : inWorkbook(row.get(), problem.message());
            String where = (cell.sheet == null ? "" : "Sheet '" + cell.sheet + "', ") + "row " + row.get()
                    + (cell.column > 0 ? ", column " + CellReference.convertNumToColString(cell.column - 1) : "");
            return new RuleProblem(file, row.get(), cell.column, where + ": " + problem.message());
        } catch (RuntimeException | IOException cannotLocate) {
            return problem;
        }
    }

    private record Location(String sheet, int column) {
    }

    /** The row of the last "rule values at B11" comment at or above the reported line. */
    private Optional<Integer> rowAtDrlLine(int line) {
        if (line <= 0) {
            return Optional.empty();
        }
        for (int i = Math.min(line, drlLines.length) - 1; i >= 0; i--) {
            Matcher comment = ROW_COMMENT.matcher(drlLines[i]);
            if (comment.find()) {
                return Optional.of(Integer.parseInt(comment.group(2)));
            }
        }
        return Optional.empty();
    }

    private Location inCsv(int row, String message) {
        if (csvLines == null) {
            csvLines = new String(content, StandardCharsets.UTF_8).split("\\R");
        }
        if (row > csvLines.length) {
            return new Location(null, 0);
        }
        List<String> cells = CapTable.cells(csvLines[row - 1]);
        return new Location(null, quotedColumn(cells, message));
    }

    private Location inWorkbook(int row, String message) throws IOException {
        if (workbook == null) {
            workbook = WorkbookFactory.create(new ByteArrayInputStream(content));
        }
        for (Sheet sheet : workbook) {
            Row cells = sheet.getRow(row - 1);
            if (cells == null) {
                continue;
            }
            List<String> texts = new java.util.ArrayList<>();
            for (int c = 0; c < cells.getLastCellNum(); c++) {
                Cell cell = cells.getCell(c);
                texts.add(cell == null ? "" : CELLS.formatCellValue(cell));
            }
            int column = quotedColumn(texts, message);
            if (column > 0 || workbook.getNumberOfSheets() == 1) {
                return new Location(sheet.getSheetName(), column);
            }
        }
        return new Location(null, 0);
    }

    /** The 1-based column of the longest cell text the error message quotes, or 0. */
    private static int quotedColumn(List<String> cells, String message) {
        int best = 0;
        int bestLength = 1;
        for (int c = 0; c < cells.size(); c++) {
            for (String part : cells.get(c).split(",")) {
                String text = part.strip();
                if (text.length() > bestLength && message.contains(text)) {
                    best = c + 1;
                    bestLength = text.length();
                }
            }
        }
        return best;
    }

}
