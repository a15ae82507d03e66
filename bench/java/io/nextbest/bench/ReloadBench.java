package io.nextbest.bench;

import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetCompiler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compile ("reload") time of the sample ruleset and of the sample plus generated trigger rules, each
 * compiled several times in one JVM (the first is the cold one); and, for comparison, the time to make a
 * knowledge base from the same ruleset's compiled packages read back from bytes (what a replica does
 * when it loads a ruleset another compiled, through RulesetCompiler.load). Usage: ReloadBench [generated rule counts…]
 */
public final class ReloadBench {
    public static void main(String[] args) {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        java.util.logging.Logger.getLogger("org.drools").setLevel(java.util.logging.Level.SEVERE);
        RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());
        Map<String, byte[]> sample = RuleFiles.read(Path.of("rules"));
        int[] counts = args.length == 0 ? new int[] {0, 1000} : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf("%-28s %8s %12s %12s %12s %14s %14s%n", "ruleset", "rules", "first (ms)", "median (ms)",
                "heap (MB)", "packages (KB)", "from them (ms)");
        for (int count : counts) {
            Map<String, byte[]> files = new TreeMap<>(sample);
            files.putAll(GeneratedRules.triggers(count));
            long[] times = new long[5];
            Ruleset ruleset = null;
            for (int i = 0; i < times.length; i++) {
                long started = System.nanoTime();
                ruleset = compiler.compile(files);
                times[i] = (System.nanoTime() - started) / 1_000_000;
            }
            long first = times[0];
            java.util.Arrays.sort(times);
            int rules = ruleset.rules().size();
            ruleset = null;
            long before = usedAfterGc();
            ruleset = compiler.compile(files);
            double heldMegabytes = (usedAfterGc() - before) / 1e6;
            byte[] packages = RulesetCompiler.packagesOf(ruleset);
            long[] loads = new long[5];
            for (int i = 0; i < loads.length; i++) {
                long started = System.nanoTime();
                Ruleset loaded = compiler.load(files, packages, ruleset.warnings());
                loaded.kieBase().newKieSession().dispose();
                loads[i] = (System.nanoTime() - started) / 1_000_000;
            }
            java.util.Arrays.sort(loads);
            System.out.printf("%-28s %8d %12d %12d %12.1f %14d %14d%n", count == 0 ? "sample" : "sample + " + count + " generated",
                    rules, first, times[times.length / 2], heldMegabytes, packages.length / 1024, loads[loads.length / 2]);
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
