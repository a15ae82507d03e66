package io.nextbest.rules;

import io.nextbest.facts.Candidate;
import io.nextbest.facts.CapDeclaration;
import io.nextbest.facts.Selection;
import io.nextbest.facts.Suppression;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.RuleConditionElement;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

/**
 * Reads a compiled ruleset for mistakes that compile but cost money: rules in a phase that never sees
 * the facts they match, decision-table rows that repeat, overlap or shadow one another ({@link TableRowsCheck}),
 * caps that name a channel, category or action no rule proposes, contact channels no cap counts, and misspelt names
 * ({@link VocabularyCheck}). Its findings are warnings: they are shown on validate and reload, and do not
 * block activation.
 */
final class RuleLint {
    /** What a rule's consequence proposes: Candidate.email("id"), Candidate.of("id", "channel"), and .category("c"). */
    private static final Pattern PROPOSAL = Pattern.compile(
            "Candidate\\s*\\.\\s*(email|sms|push|web|ads)\\s*\\(\\s*\"([^\"]+)\"|Candidate\\s*\\.\\s*of\\s*\\(\\s*\"([^\"]+)\"\\s*,\\s*\"([^\"]+)\"");
    private static final Pattern CATEGORY = Pattern.compile("\\.\\s*category\\s*\\(\\s*\"([^\"]+)\"");
    /** Channels whose actions are not contacts: no cap counts them. */
    private static final Set<String> NOT_CONTACTS = Set.of("web", "ads");

    private RuleLint() {
    }

    /** What the rules propose, as far as their text says: for each rule, channels, actions and categories. */
    private record Proposals(Set<String> channels, Set<String> actions, Set<String> categories) {
        static Proposals none() {
            return new Proposals(new HashSet<>(), new HashSet<>(), new HashSet<>());
        }
    }

    static List<RuleProblem> check(KieBase kieBase, Map<String, byte[]> files, List<CapDeclaration> caps) {
        List<RuleProblem> findings = new ArrayList<>();
        Map<String, String> sources = ruleSources(files);
        RuleTexts texts = new RuleTexts(files, sources);
        Proposals all = Proposals.none();
        Map<String, Proposals> byRule = new HashMap<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                RuleImpl impl = (RuleImpl) rule;
                String file = impl.getResource() == null ? "" : stripped(impl.getResource().getSourcePath());
                for (String why : phaseMismatches(impl)) {
                    // Located only when there is something to say: finding a rule's line reads its file again.
                    findings.add(RuleProblem.warning(file, texts.line(file, rule.getName()),
                            "Rule \"" + rule.getName() + "\" " + why + ".", rule.getName()));
                }
                Proposals proposed = proposalsOf(texts.consequence(file, rule.getName()));
                byRule.put(rule.getName(), proposed);
                all.channels().addAll(proposed.channels());
                all.actions().addAll(proposed.actions());
                all.categories().addAll(proposed.categories());
            }
        }
        Map<String, Map<String, TableGapsCheck.Use>> listed = TableGapsCheck.valuesIn(sources, knownValues(files, byRule, kieBase, texts));
        sources.forEach((file, drl) -> {
            if (RuleFiles.isDecisionTable(file)) {
                findings.addAll(TableRowsCheck.check(file, drl));
                findings.addAll(TableGapsCheck.check(file, drl, listed));
            }
        });
        findings.addAll(capsNamingNothing(files, all));
        findings.addAll(uncappedChannels(kieBase, byRule, caps, texts));
        findings.addAll(channelsWithoutConsent(kieBase, byRule, texts));
        findings.addAll(VocabularyCheck.check(files, sources));
        return findings;
    }

    /** Channels and categories named outside conditions: in caps.csv, and in what rules propose. */
    private static Map<String, Map<String, TableGapsCheck.Use>> knownValues(Map<String, byte[]> files,
            Map<String, Proposals> byRule, KieBase kieBase, RuleTexts texts) {
        Map<String, Map<String, TableGapsCheck.Use>> known = new HashMap<>();
        byte[] table = files.get(CapTable.FILE);
        if (table != null) {
            for (CapTable.Target target : CapTable.targets(table)) {
                if (target.scope().equals("channel") || target.scope().equals("category")) {
                    known.computeIfAbsent("Candidate." + target.scope(), p -> new java.util.TreeMap<>())
                            .putIfAbsent(target.name(), new TableGapsCheck.Use(CapTable.FILE, target.line()));
                }
            }
        }
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                Proposals proposed = byRule.getOrDefault(rule.getName(), Proposals.none());
                String file = fileOf(rule);
                TableGapsCheck.Use use = new TableGapsCheck.Use(file, texts.line(file, rule.getName()));
                proposed.channels().forEach(channel -> known.computeIfAbsent("Candidate.channel", p -> new java.util.TreeMap<>())
                        .putIfAbsent(channel, use));
                proposed.categories().forEach(category -> known.computeIfAbsent("Candidate.category", p -> new java.util.TreeMap<>())
                        .putIfAbsent(category, use));
            }
        }
        return known;
    }

    /**
     * A channel that no consent rule checks can message a customer who never agreed to it. A consent rule sets a
     * candidate aside with reason CONSENT; it checks the channels its conditions name (channel == "…" or
     * channel in (…)), or every channel when they name none. Web content needs no consent.
     */
    private static List<RuleProblem> channelsWithoutConsent(KieBase kieBase, Map<String, Proposals> byRule,
                                                            RuleTexts texts) {
        Set<String> checked = new HashSet<>();
        boolean everyChannel = false;
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                String text = texts.text(fileOf(rule), rule.getName());
                Matcher thenAt = THEN.matcher(text);
                int then = thenAt.find() ? thenAt.start() : -1;
                if (then < 0 || !text.substring(then).contains("\"CONSENT\"")) {
                    continue;
                }
                Set<String> named = channelsNamed(text.substring(0, then));
                everyChannel |= named.isEmpty();
                checked.addAll(named);
            }
        }
        if (everyChannel) {
            return List.of();
        }
        List<RuleProblem> findings = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                for (String channel : new java.util.TreeSet<>(byRule.getOrDefault(rule.getName(), Proposals.none()).channels())) {
                    if (!channel.equals("web") && !checked.contains(channel) && reported.add(channel)) {
                        String file = fileOf(rule);
                        findings.add(RuleProblem.warning(file, texts.line(file, rule.getName()),
                                "Rule \"" + rule.getName() + "\" proposes " + channel + " messages, but no consent rule checks "
                                        + channel + (checked.isEmpty() ? " (none sets a candidate aside for CONSENT)"
                                        : " (the consent rules check " + String.join(", ", new java.util.TreeSet<>(checked)) + ")")
                                        + ": a customer who never agreed to " + channel + " could get them.", rule.getName()));
                    }
                }
            }
        }
        return findings;
    }

    private static final Pattern THEN = Pattern.compile("\\n\\s*then\\b");
    /** The channels a rule's conditions compare with (== or in), on any fact. */
    private static Set<String> channelsNamed(String conditions) {
        Set<String> channels = new HashSet<>();
        // Read as one line: a pattern's constraints may run over several.
        TableGapsCheck.comparisons(conditions.replace('\n', ' ')).forEach((property, values) -> {
            if (property.endsWith(".channel")) {
                channels.addAll(values);
            }
        });
        return channels;
    }

    private static String fileOf(Rule rule) {
        RuleImpl impl = (RuleImpl) rule;
        return impl.getResource() == null ? "" : stripped(impl.getResource().getSourcePath());
    }

    /** Selections exist only in arbitration, suppressions from eligibility on; candidates are still being proposed in triggers. */
    private static List<String> phaseMismatches(RuleImpl rule) {
        String phase = rule.getAgendaGroup();
        List<String> findings = new ArrayList<>();
        for (Class<?> matched : matchedTypes(rule.getLhs(), new IdentityHashMap<>())) {
            String why = null;
            if (matched == Selection.class && !phase.equals(Phase.ARBITRATION.agendaGroup())) {
                why = "matches a Selection in " + phase + ", but selections are made only in arbitration: it can never fire";
            } else if (matched == Suppression.class && (phase.equals(Phase.JOURNEYS.agendaGroup()) || phase.equals(Phase.TRIGGERS.agendaGroup()))) {
                why = "matches a Suppression in " + phase + ", but candidates are set aside only from eligibility on: it can never see one";
            } else if (matched == Candidate.class && phase.equals(Phase.TRIGGERS.agendaGroup())) {
                why = "matches a Candidate in triggers, while other triggers are still proposing: it sees only those proposed"
                        + " before it fires. A check on candidates belongs in eligibility";
            }
            if (why != null) {
                findings.add(why);
            }
        }
        return findings;
    }

    /** The fact types a rule needs to be there: under a {@code not}, a pattern asks for their absence (a guard). */
    private static Set<Class<?>> matchedTypes(RuleConditionElement element, Map<RuleConditionElement, Boolean> seen) {
        Set<Class<?>> types = new HashSet<>();
        if (element == null || seen.put(element, Boolean.TRUE) != null
                || (element instanceof GroupElement group && group.isNot())) {
            return types;
        }
        if (element instanceof org.drools.base.rule.Pattern pattern && pattern.getObjectType() instanceof ClassObjectType type) {
            types.add(type.getClassType());
        }
        for (RuleConditionElement nested : element.getNestedElements()) {
            types.addAll(matchedTypes(nested, seen));
        }
        return types;
    }

    /** A cap on a channel, category or action that no rule proposes counts nothing: probably a typo. */
    private static List<RuleProblem> capsNamingNothing(Map<String, byte[]> files, Proposals all) {
        byte[] table = files.get(CapTable.FILE);
        if (table == null) {
            return List.of();
        }
        List<RuleProblem> findings = new ArrayList<>();
        for (CapTable.Target capped : CapTable.targets(table)) {
            String scope = capped.scope();
            String target = capped.name();
            Set<String> known = switch (scope) {
                case "channel" -> all.channels();
                case "category" -> all.categories();
                case "action" -> all.actions();
                default -> null;
            };
            if (known != null && !known.contains(target)) {
                findings.add(RuleProblem.warning(CapTable.FILE, capped.line(), "The cap on " + scope + " '" + target
                        + "' counts nothing: no rule proposes an action with that " + scope + " (a typo?). Rules propose "
                        + scope + "s " + new java.util.TreeSet<>(known) + "."));
            }
        }
        return findings;
    }

    /** A contact channel that neither a global cap nor a cap on that channel counts can message a customer without limit. */
    private static List<RuleProblem> uncappedChannels(KieBase kieBase, Map<String, Proposals> byRule, List<CapDeclaration> caps,
                                                      RuleTexts texts) {
        boolean global = caps.stream().anyMatch(cap -> cap.scope() == CapDeclaration.Scope.GLOBAL);
        if (global) {
            return List.of();
        }
        Set<String> capped = new HashSet<>();
        caps.stream().filter(cap -> cap.scope() == CapDeclaration.Scope.CHANNEL).forEach(cap -> capped.add(cap.target()));
        if (capped.contains(CapDeclaration.EACH)) {
            return List.of();
        }
        List<RuleProblem> findings = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                for (String channel : byRule.getOrDefault(rule.getName(), Proposals.none()).channels()) {
                    if (!NOT_CONTACTS.contains(channel) && !capped.contains(channel) && reported.add(channel)) {
                        RuleImpl impl = (RuleImpl) rule;
                        String file = impl.getResource() == null ? "" : stripped(impl.getResource().getSourcePath());
                        findings.add(RuleProblem.warning(file, texts.line(file, rule.getName()),
                                "Rule \"" + rule.getName() + "\" proposes " + channel + " contacts, which no cap in "
                                        + CapTable.FILE + " counts (no global cap, no cap on channel " + channel
                                        + "): a customer could get them without limit.", rule.getName()));
                    }
                }
            }
        }
        return findings;
    }

    /** The DRL text of every rule file; a decision table as the DRL it compiles to. */
    private static Map<String, String> ruleSources(Map<String, byte[]> files) {
        Map<String, String> sources = new HashMap<>();
        files.forEach((name, content) -> {
            if (RuleFiles.isDecisionTable(name)) {
                try {
                    sources.put(name, TableDrl.of(name, content));
                } catch (RuntimeException unreadable) {
                    // reported by the compiler
                }
            } else if (RuleFiles.isRuleFile(name)) {
                sources.put(name, new String(content, StandardCharsets.UTF_8));
            }
        });
        return sources;
    }

    /** The channels a consequence's text proposes actions on. */
    static Set<String> proposedChannels(String consequence) {
        Set<String> channels = new HashSet<>();
        Matcher proposal = PROPOSAL.matcher(consequence);
        while (proposal.find()) {
            channels.add(proposal.group(1) != null ? proposal.group(1) : proposal.group(4));
        }
        return channels;
    }

    /** The channels, actions and categories a rule's consequence proposes. */
    private static Proposals proposalsOf(String consequence) {
        Proposals proposed = Proposals.none();
        Matcher proposal = PROPOSAL.matcher(consequence);
        while (proposal.find()) {
            proposed.channels().add(proposal.group(1) != null ? proposal.group(1) : proposal.group(4));
            proposed.actions().add(proposal.group(1) != null ? proposal.group(2) : proposal.group(3));
        }
        Matcher category = CATEGORY.matcher(consequence);
        while (category.find()) {
            proposed.categories().add(category.group(1));
        }
        return proposed;
    }

    private static String stripped(String path) {
        return path.startsWith("src/main/resources/") ? path.substring("src/main/resources/".length()) : path;
    }
}
