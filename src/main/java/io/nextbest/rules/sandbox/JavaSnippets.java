package io.nextbest.rules.sandbox;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.stmt.BlockStmt;
import java.util.Optional;

/** Parses the Java in rule files: then-parts and function bodies as blocks, conditions as expressions. */
final class JavaSnippets {
    private JavaSnippets() {
    }

    private static JavaParser parser() {
        // A parser per use: JavaParser instances are not safe to share between threads.
        return new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
                .setAttributeComments(false));
    }

    /** The statements of a then-part or function body, with line 1 being the code's first line; empty when not Java. */
    static Optional<BlockStmt> block(String code) {
        return result(parser().parseBlock("{" + code + "\n}"));
    }

    static Optional<Expression> expression(String code) {
        return result(parser().parseExpression(code));
    }

    private static <T> Optional<T> result(ParseResult<T> parsed) {
        return parsed.isSuccessful() ? parsed.getResult() : Optional.empty();
    }
}
