package io.nextbest.cli;

import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.RuleProblem;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetCompiler;
import io.nextbest.rules.RulesetRejectedException;
import io.nextbest.scenarios.ScenarioCoverage;
import io.nextbest.scenarios.ScenarioGate;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The checks a reload makes, as a command for CI: compile the folder, run its scenario tests, read it for
 * warnings and report scenario coverage, without a database, Redis or a running service. Exits 1 when the
 * folder would be refused (or, asked for, when it has warnings or too little coverage), 2 on bad arguments.
 * Usage: CheckRules [--min-coverage PERCENT] [--fail-on-warnings] [FOLDER, default rules]
 */
public final class CheckRules {
    private CheckRules() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** @return the exit status: 0 the folder may go live, 1 it may not, 2 the arguments were wrong */
    public static int run(String[] args, PrintStream out) {
        int minCoverage = 0;
        boolean failOnWarnings = false;
        Path folder = Path.of("rules");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--min-coverage" -> {
                    if (i + 1 == args.length || !args[i + 1].matches("\\d{1,3}")) {
                        out.println("--min-coverage needs a percentage, 0 to 100");
                        return 2;
                    }
                    minCoverage = Integer.parseInt(args[++i]);
                }
                case "--fail-on-warnings" -> failOnWarnings = true;
                default -> folder = Path.of(args[i]);
            }
        }
        Map<String, byte[]> files;
        Ruleset ruleset;
        try {
            files = RuleFiles.read(folder);
            ruleset = new RulesetCompiler(Clock.systemUTC()).compile(files);
        } catch (RulesetRejectedException rejected) {
            rejected.problems().forEach(problem -> out.println("ERROR " + problem));
            out.println(folder + ": refused, " + rejected.problems().size() + " problem(s)");
            return 1;
        }
        ScenarioGate.Run run = ScenarioGate.run(ruleset, files);
        List<RuleProblem> problems = new ScenarioGate(minCoverage).problemsOf(run);
        ScenarioCoverage coverage = run.coverage();
        // The same warnings a validation gives: the lint's, and the rules no scenario fires.
        List<RuleProblem> warnings = new java.util.ArrayList<>(ruleset.warnings());
        warnings.addAll(ScenarioGate.untested(coverage, files));
        problems.forEach(problem -> out.println("ERROR " + problem));
        warnings.forEach(warning -> out.println("WARNING " + warning));
        out.println("Scenario coverage: " + coverage.tested() + " of " + coverage.rules() + " rules (" + coverage.percent()
                + " %)" + (coverage.untested().isEmpty() ? "" : "; no scenario fires:"));
        coverage.untested().forEach(rule -> out.println("  " + rule));
        boolean refused = !problems.isEmpty() || (failOnWarnings && !warnings.isEmpty());
        out.println(folder + ": " + (refused ? "refused" : "may go live") + ", " + problems.size() + " problem(s), "
                + warnings.size() + " warning(s), " + ruleset.rules().size() + " rules");
        return refused ? 1 : 0;
    }
}
