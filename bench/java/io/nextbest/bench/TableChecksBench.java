package io.nextbest.bench;

import io.nextbest.rules.RuleFiles;
import io.nextbest.rules.Ruleset;
import io.nextbest.rules.RulesetCompiler;
import io.nextbest.rules.RulesetValidation;
import io.nextbest.rules.TableDrl;
import io.nextbest.scenarios.ScenarioGate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;

/**
 * The stages of a build of the sample rules plus one generated decision table ({@link GeneratedTable}), per
 * table size: converting the table to DRL, Drools compiling that DRL alone, the service's compile (the
 * table checks, Drools, the lint), the scenario run, and a whole validation. Each stage gets at most
 * LIMIT seconds; past it the stage is reported as over the limit and larger tables are not tried.
 * Usage: TableChecksBench LIMIT_SECONDS BANDS ROWS...
 */
public final class TableChecksBench {
    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("org.drools").setLevel(java.util.logging.Level.SEVERE);
        long limit = Long.parseLong(args[0]);
        int bands = Integer.parseInt(args[1]);
        RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());
        Map<String, byte[]> sample = RuleFiles.read(Path.of("rules"));
        compiler.compile(sample); // the first compile in a JVM loads and JIT-compiles the compiler
        System.out.printf("%7s %10s %10s %12s %12s %12s %12s %10s%n", "rows", "to DRL", "Drools", "compile",
                "checks+lint", "scenarios", "validate", "warnings");
        for (int i = 2; i < args.length; i++) {
            int rows = Integer.parseInt(args[i]);
            Map<String, byte[]> files = new TreeMap<>(sample);
            files.put(GeneratedTable.FILE, GeneratedTable.offers(rows, bands));
            System.out.printf("%7d", rows);
            Timed<String> drl = timed(limit, () -> TableDrl.of(GeneratedTable.FILE, files.get(GeneratedTable.FILE)));
            Timed<Integer> drools = drl.value == null ? Timed.skipped() : timed(limit, () -> droolsAlone(drl.value));
            Timed<Ruleset> compiled = timed(limit, () -> compiler.compile(files));
            Timed<ScenarioGate.Run> scenarios = compiled.value == null ? Timed.skipped()
                    : timed(limit, () -> ScenarioGate.run(compiled.value, files));
            Timed<RulesetValidation.Report> validated = compiled.value == null ? Timed.skipped()
                    : timed(limit, () -> new RulesetValidation(compiler, List.of(new ScenarioGate())).validate(files));
            String checks = compiled.value == null || drools.value == null ? "-"
                    : String.format("%.1f s", (compiled.millis - drools.millis) / 1000.0);
            System.out.printf(" %10s %10s %12s %12s %12s %12s %10s%n", drl, drools, compiled, checks, scenarios, validated,
                    validated.value == null ? "-" : String.valueOf(validated.value.warnings().size()));
            if (validated.value == null) {
                break;
            }
        }
        System.exit(0); // a stage past its limit may still be running
    }

    /** How many rules Drools compiled from the table's DRL, with nothing of the service around it. */
    private static int droolsAlone(String drl) {
        KieServices kie = KieServices.Factory.get();
        KieFileSystem fileSystem = kie.newKieFileSystem();
        fileSystem.write("src/main/resources/table.drl", drl.getBytes(StandardCharsets.UTF_8));
        KieBuilder builder = kie.newKieBuilder(fileSystem, TableChecksBench.class.getClassLoader()).buildAll(DrlProject.class);
        if (!builder.getResults().getMessages(org.kie.api.builder.Message.Level.ERROR).isEmpty()) {
            throw new IllegalStateException(builder.getResults().getMessages().toString());
        }
        return kie.newKieContainer(builder.getKieModule().getReleaseId()).getKieBase().getKiePackages().stream()
                .mapToInt(kiePackage -> kiePackage.getRules().size()).sum();
    }

    private record Timed<T>(T value, long millis, long limit) {
        static <T> Timed<T> skipped() {
            return new Timed<>(null, -1, 0);
        }

        @Override
        public String toString() {
            return millis < 0 ? "-" : value == null ? "> " + limit + " s" : String.format("%.1f s", millis / 1000.0);
        }
    }

    private static <T> Timed<T> timed(long limit, Supplier<T> stage) throws Exception {
        long started = System.nanoTime();
        CompletableFuture<T> running = CompletableFuture.supplyAsync(stage, work -> {
            Thread thread = new Thread(work);
            thread.setDaemon(true);
            thread.start();
        });
        try {
            T value = running.get(limit, TimeUnit.SECONDS);
            return new Timed<>(value, (System.nanoTime() - started) / 1_000_000, limit);
        } catch (TimeoutException over) {
            return new Timed<>(null, limit * 1000, limit);
        }
    }
}
