package io.nextbest.rules.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.nextbest.rules.RuleProblem;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A catalogue of ways out of the rules' sandbox, each refused at its file and line with a message naming
 * what was tried; and the ordinary Java rules write, accepted.
 */
class SandboxEscapesTest {
    private static final String FILE = "escape.drl";
    private static final String HEADER = "package nextbest;\nimport io.nextbest.facts.*;\n";
    /** The then-part of {@link #rule} starts on this line. */
    private static final int THEN = 8;

    /** A rule whose then-part is {@code then}: its first line is line {@value #THEN} of the file. */
    private static String rule(String then) {
        return HEADER + """
                rule "escape"
                    agenda-group "triggers"
                when
                    $c : Candidate( )
                then
                """ + then + "\nend\n";
    }

    /** A rule whose only condition is {@code condition}, on line 6. */
    private static String when(String condition) {
        return HEADER + """
                rule "escape"
                    agenda-group "triggers"
                when
                """ + condition + """

                then
                    insert(Candidate.web("x"));
                end
                """;
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                // the process and its environment
                escape("System.exit", rule("System.exit(0);"), THEN, "rules may not call System.exit"),
                escape("System.exit, fully qualified", rule("java.lang.System.exit(0);"), THEN,
                        "rules may not call System.exit"),
                escape("System.getenv", rule("insert(Candidate.web(System.getenv(\"DB_HOST\")));"), THEN,
                        "rules may not call System.getenv"),
                escape("System.getProperty", rule("String home = System.getProperty(\"user.home\");"), THEN,
                        "rules may not call System.getProperty"),
                escape("System.currentTimeMillis", rule("long now = System.currentTimeMillis();"), THEN,
                        "rules may not call System.currentTimeMillis"),
                escape("System.out", rule("System.out.println($c);"), THEN, "rules may not use System.out"),
                escape("Runtime.exec", rule("Runtime.getRuntime().exec(\"id\");"), THEN,
                        "rules may not call Runtime.getRuntime"),
                escape("Runtime held in var", rule("var runtime = Runtime.getRuntime();\nruntime.halt(0);"), THEN,
                        "rules may not call Runtime.getRuntime"),
                escape("ProcessBuilder", rule("new ProcessBuilder(\"id\").start();"), THEN,
                        "rules may not use ProcessBuilder"),
                escape("Integer.getInteger reads settings", rule("Integer limit = Integer.getInteger(\"x\");"), THEN,
                        "rules may not call Integer.getInteger: it reads the service's settings"),
                escape("the real clock", rule("java.time.Instant at = java.time.Instant.now();"), THEN,
                        "rules may not call Instant.now: take the time from the facts"),
                // reflection and classes
                escape("Class.forName", rule("Class.forName(\"java.lang.Runtime\");"), THEN,
                        "rules may not call Class.forName"),
                escape("Class.forName with a built string", rule("String name = \"java.lang.\" + \"Runtime\";\n"
                        + "Class.forName(name);"), THEN + 1, "rules may not call Class.forName"),
                escape("getClass on a fact", rule("$c.getClass().getClassLoader();"), THEN,
                        "rules may not call getClass()"),
                escape("getClass on a string", rule("Object loader = \"x\".getClass();"), THEN,
                        "rules may not call getClass()"),
                escape("class literal", rule("Candidate.class.getDeclaredMethods();"), THEN,
                        "rules may not use classes as values (Candidate.class)"),
                escape("reflection types", rule("java.lang.reflect.Method method = null;"), THEN,
                        "rules may not use java.lang.reflect.Method"),
                escape("method handles", rule("java.lang.invoke.MethodHandles.lookup();"), THEN,
                        "rules may not call java.lang.invoke.MethodHandles.lookup"),
                escape("the system class loader", rule("ClassLoader.getSystemClassLoader();"), THEN,
                        "rules may not call ClassLoader.getSystemClassLoader"),
                escape("a cast to a forbidden type", rule("Object task = $c;\n((Runnable) task).run();"), THEN + 1,
                        "rules may not use Runnable"),
                // files, network, threads
                escape("Files", rule("java.nio.file.Files.readString(null);"), THEN,
                        "rules may not call java.nio.file.Files.readString"),
                escape("File", rule("new java.io.File(\"/tmp/x\").delete();"), THEN, "rules may not use java.io.File"),
                escape("Socket", rule("new java.net.Socket(\"127.0.0.1\", 5432);"), THEN,
                        "rules may not use java.net.Socket"),
                escape("URL", rule("new java.net.URL(\"http://127.0.0.1/\").openStream();"), THEN,
                        "rules may not use java.net.URL"),
                escape("Thread", rule("new Thread(() -> insert(Candidate.web(\"x\"))).start();"), THEN,
                        "rules may not use Thread"),
                escape("Thread.sleep", rule("Thread.sleep(20000);"), THEN, "rules may not call Thread.sleep"),
                escape("parallel streams", rule("java.util.List.of(1, 2).parallelStream().count();"), THEN,
                        "rules may not call Collection.parallelStream"),
                // Drools' own helpers
                escape("the session behind drools", rule("drools.getKieRuntime().getGlobals();"), THEN,
                        "rules may not call drools.getKieRuntime"),
                escape("the session behind kcontext", rule("kcontext.getKieRuntime().halt();"), THEN,
                        "rules may not call drools.getKieRuntime"),
                // loops
                escape("while", rule("while (true) { }"), THEN, "rules may not loop with while"),
                escape("do", rule("do { } while (true);"), THEN, "rules may not loop with do"),
                escape("for without a condition", rule("for (;;) { }"), THEN, "rules may not loop with for unless"),
                escape("for counting away from its bound", rule("for (int i = 0; i < 10; i--) { }"), THEN,
                        "rules may not loop with for unless"),
                escape("for resetting its counter", rule("for (int i = 0; i < 10; i++) {\n  i = 0;\n}"), THEN,
                        "rules may not loop with for unless"),
                escape("for growing the list it counts", rule("java.util.List<Integer> xs = new java.util.ArrayList<>();\n"
                        + "xs.add(1);\nfor (int i = 0; i < xs.size(); i++) { xs.add(i); }"), THEN + 2,
                        "rules may not loop with for unless"),
                escape("nested counting loops", rule("for (int i = 0; i < 100000; i++) {\n"
                        + "    for (int j = 0; j < 100000; j++) { }\n}"), THEN + 1,
                        "rules may not nest counting loops for more than 100000 turns"),
                escape("a loop in a lambda", rule("java.util.List.of(1).forEach(x -> { while (true) { } });"), THEN,
                        "rules may not loop with while"),
                escape("an endless stream", rule("java.util.stream.Stream.iterate(1, x -> x + 1).count();"), THEN,
                        "rules may not call Stream.iterate: it makes an endless stream"),
                escape("regular expressions", rule("boolean slow = \"aaaaaaaaaaaaaaaaaaaaaaaa!\".matches(\"(a+)+b\");"),
                        THEN, "rules may not call String.matches"),
                escape("the matches operator", when("    Event( type matches \"(a+)+b\" )"), 6,
                        "rules may not use matches: regular expressions can run for ever"),
                escape("not matches", when("    Event( type not matches \"(a|aa)*c\" )"), 6,
                        "rules may not use matches: regular expressions can run for ever"),
                // Java the sandbox refuses outright
                escape("synchronized", rule("synchronized ($c) { }"), THEN, "rules may not use synchronized"),
                escape("try", rule("try { insert($c); } catch (RuntimeException e) { }"), THEN, "rules may not use try"),
                escape("an anonymous class", rule("Object o = new Object() { };"), THEN,
                        "rules may not declare classes"),
                escape("wait on an object of unknown type", rule("Object o = $c;\no.wait();"), THEN + 1,
                        "rules may not call wait()"),
                // imports, globals, functions, declared types, dialect
                escape("an import", HEADER + "import java.io.File;\n", 3, "rules may not use java.io.File"),
                escape("a wildcard import", HEADER + "import java.io.*;\n", 3, "rules may not import java.io.*"),
                escape("a static import", HEADER + "import function java.lang.System.exit;\n", 3,
                        "rules may not call System.exit"),
                escape("a global", HEADER + "global java.io.PrintStream out;\n", 3,
                        "rules may not use java.io.PrintStream"),
                escape("a function", HEADER + "function void boom() {\n    System.exit(1);\n}\n", 4,
                        "rules may not call System.exit"),
                escape("a recursive function", HEADER + "function int down(int n) {\n    return down(n + 1);\n}\n", 3,
                        "rules may not recurse: function down calls itself (down → down)"),
                escape("functions recursing through each other", HEADER + "function int ping(int n) { return pong(n); }\n"
                        + "function int pong(int n) { return ping(n); }\n", 3,
                        "rules may not recurse: function ping calls itself (ping → pong → ping)"),
                escape("a declared type's field", HEADER + "declare Exploit\n    file : java.io.File\nend\n", 4,
                        "rules may not use java.io.File"),
                escape("a declared type's default", HEADER
                        + "declare Exploit\n    home : String = System.getProperty(\"user.home\")\nend\n", 4,
                        "rules may not call System.getProperty"),
                escape("the mvel dialect", HEADER + "rule \"mvel\"\n    dialect \"mvel\"\n    agenda-group \"triggers\"\n"
                        + "when\nthen\n    insert(Candidate.web(\"x\"));\nend\n", 4, "rules may not use the mvel dialect"),
                escape("the mvel dialect for the file", "package nextbest;\ndialect \"mvel\"\n", 2,
                        "rules may not use the mvel dialect"),
                // conditions
                escape("a constraint", when("    Candidate( actionId == System.getenv(\"X\") )"), 6,
                        "rules may not call System.getenv"),
                escape("an eval", when("    eval( Runtime.getRuntime() != null )"), 6,
                        "rules may not call Runtime.getRuntime"),
                escape("a property path to the class loader", when("    Candidate( this.class.classLoader != null )"), 6,
                        "rules may only use conditions the sandbox can read: this.class.classLoader"),
                escape("a getter path to the class loader", when("    Candidate( this.getClass().classLoader != null )"), 6,
                        "rules may not call getClass()"),
                escape("a from source", when("    $line : String( ) from java.nio.file.Files.readAllLines(null)"), 6,
                        "rules may not call java.nio.file.Files.readAllLines"),
                escape("a binding's method", when("    $c : Candidate( $id : actionId, $id.getClass() != null )"), 6,
                        "rules may not call getClass()"),
                escape("a method reference", rule("java.util.List.of(\"x\").forEach(System.out::println);"), THEN,
                        "rules may not use System.out"));
    }

    private static Arguments escape(String name, String drl, int line, String message) {
        return Arguments.of(name, drl, line, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void isRefusedAtItsLine(String name, String drl, int line, String message) {
        List<RuleProblem> problems = RuleSandbox.check(Map.of(FILE, drl));

        assertThat(problems).as(drl).isNotEmpty();
        assertThat(problems).as(drl).anySatisfy(problem -> {
            assertThat(problem.file()).isEqualTo(FILE);
            assertThat(problem.line()).isEqualTo(line);
            assertThat(problem.message()).startsWith(message);
        });
    }

    static Stream<Arguments> ordinaryRules() {
        return Stream.of(
                Arguments.of("facts, strings and numbers", rule("""
                        String id = "offer-" + Math.max(1, $c.getPriority());
                        insert(Candidate.email(id).priority(Integer.parseInt("5")).category(id.toLowerCase()));""")),
                Arguments.of("a modify block", rule("modify( $c ) { deferTo(java.time.Instant.EPOCH), priority(3) }")),
                Arguments.of("loops over collections and bounded counts", rule("""
                        java.util.List<String> ids = new java.util.ArrayList<>(java.util.List.of("a", "b"));
                        for (String id : ids) { insert(Candidate.web(id)); }
                        for (int i = 0; i < ids.size(); i++) { insert(Candidate.web(ids.get(i) + i)); }
                        for (int i = ids.size() - 1; i >= 0; i--) { ids.get(i).length(); }
                        for (int i = 0; i < 10; i++) { }""")),
                Arguments.of("streams with lambdas", rule("""
                        java.util.List<Candidate> all = java.util.List.of($c);
                        long contacts = all.stream().filter(x -> x.isContact()).count();
                        java.util.List<String> ids = all.stream().map(Candidate::getActionId).toList();
                        all.forEach(x -> insert(Suppression.of(x, "A", "b")));""")),
                Arguments.of("the rule's name and a failure", rule("""
                        String name = drools.getRule().getName();
                        if (name.isEmpty()) { throw new IllegalStateException("no name"); }""")),
                Arguments.of("java.time values", rule("""
                        java.time.Duration wait = java.time.Duration.ofHours(2).plusMinutes(5);
                        java.time.LocalDate day = java.time.LocalDate.of(2026, 1, 1).plusDays(wait.toDays());""")),
                Arguments.of("a declared type", HEADER + """
                        declare Offer
                            code : String
                            percent : int
                        end
                        rule "offers"
                            agenda-group "triggers"
                        when
                            $offer : Offer( percent > 5, code != null )
                        then
                            insert(Candidate.web($offer.getCode()).priority($offer.getPercent()));
                            insert(new Offer("x", 10));
                        end
                        """),
                Arguments.of("a function and an import", HEADER + """
                        import java.util.List;
                        import function java.lang.Math.max;
                        function int twice(int n) { return max(n, 0) * 2; }
                        rule "functions"
                            agenda-group "triggers"
                        when
                            $c : Candidate( priority > twice(1), channel in ("email", "sms") )
                            accumulate( Candidate( $p : priority ); $total : sum($p) )
                        then
                            List<Candidate> one = List.of($c);
                            insert(Candidate.web("t").priority(twice($total.intValue())));
                        end
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ordinaryRules")
    void ordinaryJavaIsAccepted(String name, String drl) {
        assertThat(RuleSandbox.check(Map.of(FILE, drl))).as(drl).isEmpty();
    }
}
