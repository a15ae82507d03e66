package io.nextbest.rules.sandbox;

import io.nextbest.rules.RuleProblem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * Keeps analysts' rules to the fact model and a small list of value types (see rules/README.md, "What rules
 * may call"): an admin key must not be a way to run any code on the service. Every rule file (the DRL of
 * decision tables included) is parsed with Drools' parser, its Java with JavaParser, and every call, type,
 * import, global, function and loop is checked before Drools compiles anything. Loops must be bounded and
 * functions may not recurse, so a then-part cannot hold its thread for ever: the firing budget is only
 * checked between firings.
 */
public final class RuleSandbox {
    private RuleSandbox() {
    }

    /**
     * @param drlByFile the DRL of each rule file by file name
     * @return what the rules may not do, at the file and line of the DRL; nothing for a file Drools cannot
     *         parse (the compiler reports that)
     */
    public static List<RuleProblem> check(Map<String, String> drlByFile) {
        List<DrlSource> sources = new ArrayList<>();
        drlByFile.forEach((name, text) -> parse(name, text).ifPresent(sources::add));
        DeclaredTypes declaredTypes = DeclaredTypes.of(sources.stream().map(DrlSource::parsed).toList());
        Map<String, ValueType> functions = functionsOf(sources, declaredTypes);
        FunctionRecursion recursion = new FunctionRecursion();
        List<RuleProblem> problems = new ArrayList<>();
        for (DrlSource source : sources) {
            for (Finding finding : new PackageCheck(source, declaredTypes, functions, recursion).check()) {
                problems.add(new RuleProblem(source.name(), finding.line(), 0, finding.message()));
            }
        }
        for (DrlSource source : sources) {
            for (FunctionDescr function : source.parsed().getFunctions()) {
                recursion.cycleThrough(function.getName()).ifPresent(cycle -> problems.add(new RuleProblem(
                        source.name(), function.getLine(), 0, "rules may not recurse: function " + function.getName()
                        + " calls itself (" + String.join(" → ", cycle) + ")")));
            }
        }
        return problems;
    }

    private static Optional<DrlSource> parse(String name, String text) {
        try {
            DrlParser parser = new DrlParser();
            PackageDescr parsed = parser.parse(false, text);
            return parser.hasErrors() || parsed == null ? Optional.empty() : Optional.of(new DrlSource(name, text, parsed));
        } catch (DroolsParserException | RuntimeException unparsable) {
            return Optional.empty();
        }
    }

    /** Every function of the rules, by name, with the type it returns (functions are shared across files). */
    private static Map<String, ValueType> functionsOf(List<DrlSource> sources, DeclaredTypes declaredTypes) {
        Map<String, ValueType> functions = new HashMap<>();
        for (DrlSource source : sources) {
            TypeNames types = PackageCheck.typeNamesOf(source.parsed(), declaredTypes);
            for (FunctionDescr function : source.parsed().getFunctions()) {
                ValueType returned = types.resolve(function.getReturnType()).filter(AllowedTypes::isAllowed)
                        .map(ValueType::of).orElse(ValueType.UNKNOWN);
                functions.put(function.getName(), returned);
            }
        }
        return functions;
    }
}
