package io.nextbest.rules;

import org.apache.poi.ss.util.CellReference;

/**
 * A filled cell of a decision table's CONDITION or ACTION column, with the template of its column.
 *
 * @param sheet  the spreadsheet's sheet, null for a CSV table
 * @param row    1-based, as the analyst sees it
 * @param column 1-based
 */
record TableCell(String sheet, int row, int column, String template, String label, String value) {

    /** Where the cell is, as an analyst finds it: "Sheet 'Event triggers', row 12, column H". */
    String where() {
        return where(sheet, row, column);
    }

    static String where(String sheet, int row, int column) {
        return (sheet == null ? "" : "Sheet '" + sheet + "', ") + "row " + row
                + (column > 0 ? ", column " + CellReference.convertNumToColString(column - 1) : "");
    }
}
