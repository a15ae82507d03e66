package io.nextbest.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.drools.decisiontable.parser.DefaultRuleSheetListener;

/**
 * Drools' own reading of a decision table, which also keeps each filled CONDITION and ACTION cell with its column's
 * template: the cells are checked exactly as Drools splits them into rows and columns.
 */
final class TableCellReader extends DefaultRuleSheetListener {
    /** The rows under a "RuleTable" cell: keywords, object types, templates, then labels; rows below are rules. */
    private static final int KEYWORDS = 1;
    private static final int TEMPLATES = 3;
    private static final int LABELS = 4;

    private final String sheet;
    private final List<TableCell> cells = new ArrayList<>();
    private final Map<Integer, String> keywords = new HashMap<>();
    private final Map<Integer, String> templates = new HashMap<>();
    private final Map<Integer, String> labels = new HashMap<>();
    private int tableRow = -1;

    /** @param sheet the name of the sheet read (Drools reads a workbook's first), null for a CSV table */
    TableCellReader(String sheet) {
        // As SpreadsheetCompiler's own listener: the package line shown, cells trimmed.
        super(true, true);
        this.sheet = sheet;
    }

    List<TableCell> cells() {
        return List.copyOf(cells);
    }

    @Override
    public void newCell(int row, int column, String value, int mergedColStart) {
        super.newCell(row, column, value, mergedColStart);
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            return;
        }
        if (text.toLowerCase(Locale.ROOT).startsWith(RULE_TABLE_TAG.toLowerCase(Locale.ROOT))) {
            tableRow = row;
            keywords.clear();
            templates.clear();
            labels.clear();
            return;
        }
        if (tableRow < 0) {
            return;
        }
        switch (row - tableRow) {
            case KEYWORDS -> keywords.put(column, text.toUpperCase(Locale.ROOT));
            case TEMPLATES -> templates.put(column, text);
            case LABELS -> labels.put(column, text);
            default -> {
                if (row - tableRow > LABELS && isRuleRow(row) && templates.containsKey(column)
                        && ("CONDITION".equals(keywords.get(column)) || "ACTION".equals(keywords.get(column)))) {
                    cells.add(new TableCell(sheet, row + 1, column + 1, templates.get(column),
                            labels.getOrDefault(column, ""), text));
                }
            }
        }
    }

    /** Whether Drools reads the row as a rule (a row below the end of the table is not). */
    private boolean isRuleRow(int row) {
        return getCurrentRule() != null && getCurrentRule().getSpreadsheetRowNumber() == row + 1;
    }
}
