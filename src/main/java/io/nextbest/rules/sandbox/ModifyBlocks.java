package io.nextbest.rules.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites Drools' {@code modify($x) { setA(1), setB(2) }} blocks, which are not Java, into the Java they
 * stand for ({@code { update($x); $x.setA(1); $x.setB(2); }}) so that a then-part can be parsed and each
 * call in the block checked on the fact's type. Line breaks are kept, so lines still match the file.
 */
final class ModifyBlocks {
    private ModifyBlocks() {
    }

    static String rewrite(String code) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < code.length()) {
            int skipped = skipLiteralOrComment(code, i);
            if (skipped > i) {
                out.append(code, i, skipped);
                i = skipped;
                continue;
            }
            if (startsKeyword(code, i, "modify")) {
                int open = skipSpace(code, i + "modify".length());
                if (open < code.length() && code.charAt(open) == '(') {
                    int close = matching(code, open, '(', ')');
                    int brace = skipSpace(code, close + 1);
                    if (close > 0 && brace < code.length() && code.charAt(brace) == '{') {
                        int end = matching(code, brace, '{', '}');
                        if (end > 0) {
                            String target = code.substring(open + 1, close);
                            out.append("{ update(").append(target).append(");")
                                    .append(code, close + 1, brace);
                            for (String change : topLevelParts(code.substring(brace + 1, end))) {
                                String leading = change.substring(0, change.length() - change.stripLeading().length());
                                if (!change.isBlank()) {
                                    out.append(leading).append('(').append(target.replaceAll("\\R", " "))
                                            .append(").").append(change.strip()).append(';');
                                } else {
                                    out.append(leading);
                                }
                            }
                            out.append('}');
                            i = end + 1;
                            continue;
                        }
                    }
                }
            }
            out.append(code.charAt(i));
            i++;
        }
        return out.toString();
    }

    private static boolean startsKeyword(String code, int at, String keyword) {
        return code.startsWith(keyword, at) && (at == 0 || !Character.isJavaIdentifierPart(code.charAt(at - 1)))
                && (at + keyword.length() >= code.length()
                || !Character.isJavaIdentifierPart(code.charAt(at + keyword.length())));
    }

    private static int skipSpace(String code, int at) {
        while (at < code.length() && Character.isWhitespace(code.charAt(at))) {
            at++;
        }
        return at;
    }

    /** The index of the bracket closing the one at {@code open}, or -1. */
    private static int matching(String code, int open, char opening, char closing) {
        int depth = 0;
        int i = open;
        while (i < code.length()) {
            int skipped = skipLiteralOrComment(code, i);
            if (skipped > i) {
                i = skipped;
                continue;
            }
            char c = code.charAt(i);
            if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** The block's changes, split at the commas between them (not those inside calls or strings). */
    private static List<String> topLevelParts(String block) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        int i = 0;
        while (i < block.length()) {
            int skipped = skipLiteralOrComment(block, i);
            if (skipped > i) {
                i = skipped;
                continue;
            }
            char c = block.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(block.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        parts.add(block.substring(start));
        return parts;
    }

    /** The index after a string, char literal or comment starting at {@code at}, or {@code at}. */
    private static int skipLiteralOrComment(String code, int at) {
        char c = code.charAt(at);
        if (c == '"' || c == '\'') {
            int i = at + 1;
            while (i < code.length() && code.charAt(i) != c) {
                i += code.charAt(i) == '\\' ? 2 : 1;
            }
            return Math.min(i + 1, code.length());
        }
        if (code.startsWith("//", at)) {
            int end = code.indexOf('\n', at);
            return end < 0 ? code.length() : end;
        }
        if (code.startsWith("/*", at)) {
            int end = code.indexOf("*/", at + 2);
            return end < 0 ? code.length() : end + 2;
        }
        return at;
    }
}
