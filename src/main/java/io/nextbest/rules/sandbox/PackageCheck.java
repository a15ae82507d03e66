package io.nextbest.rules.sandbox;

import com.github.javaparser.ast.stmt.BlockStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

/**
 * Checks one rule file, parsed by Drools: its imports, globals, functions, declared types and rules.
 */
final class PackageCheck {
    /** The packages a wildcard import may bring in: the facts', and those of the allowed value types. */
    private static final Set<String> IMPORTABLE_PACKAGES = Set.of(AllowedTypes.FACTS_PACKAGE, "java.lang", "java.util",
            "java.util.stream", "java.util.function", "java.math", "java.time", "java.time.temporal",
            "java.time.format");
    /** Annotations of declared types that only describe them to Drools. */
    private static final Set<String> DESCRIBING_ANNOTATIONS = Set.of("role", "timestamp", "duration", "expires",
            "propertyReactive", "classReactive", "key", "position", "serialVersionUID", "typesafe");
    private static final String MVEL = "rules may not use the mvel dialect: write then-parts and functions in Java";

    private final DrlSource file;
    private final Map<String, ValueType> functions;
    private final FunctionRecursion recursion;
    private final TypeNames types;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, Class<?>> functionImports = new HashMap<>();
    private final Map<String, ValueType> globals = new HashMap<>();

    PackageCheck(DrlSource file, DeclaredTypes declared, Map<String, ValueType> functions,
                 FunctionRecursion recursion) {
        this.file = file;
        this.functions = functions;
        this.recursion = recursion;
        this.types = typeNamesOf(file.parsed(), declared);
    }

    static TypeNames typeNamesOf(PackageDescr parsed, DeclaredTypes declared) {
        return new TypeNames(parsed.getImports().stream().map(ImportDescr::getTarget).toList(), declared.names(),
                declared.fields());
    }

    List<Finding> check() {
        PackageDescr parsed = file.parsed();
        AttributeDescr dialect = parsed.getAttribute("dialect");
        if (dialect != null && !"java".equalsIgnoreCase(dialect.getValue())) {
            findings.add(new Finding(dialect.getLine(), MVEL));
        }
        parsed.getImports().forEach(this::checkImport);
        parsed.getFunctionImports().forEach(this::checkFunctionImport);
        parsed.getAccumulateImports().forEach(imported -> findings.add(new Finding(imported.getLine(),
                "rules may not import accumulate functions (" + imported.getTarget() + ")")));
        parsed.getGlobals().forEach(this::checkGlobal);
        parsed.getEnumDeclarations().forEach(declared -> findings.add(new Finding(declared.getLine(),
                "rules may not declare enums (" + declared.getTypeName() + "): use text values")));
        parsed.getWindowDeclarations().forEach(declared -> findings.add(new Finding(declared.getLine(),
                "rules may not declare windows (" + declared.getName() + ")")));
        parsed.getTypeDeclarations().forEach(this::checkDeclaredType);
        parsed.getFunctions().forEach(this::checkFunction);
        parsed.getRules().forEach(this::checkRule);
        return List.copyOf(findings);
    }

    private void checkImport(ImportDescr imported) {
        String target = imported.getTarget();
        if (target.endsWith(".*")) {
            String pkg = target.substring(0, target.length() - 2);
            if (!IMPORTABLE_PACKAGES.contains(pkg)) {
                findings.add(new Finding(imported.getLine(), "rules may not import " + target
                        + ": import the facts (io.nextbest.facts.*) or single allowed types"));
            }
            return;
        }
        types.resolve(target).filter(found -> !AllowedTypes.isAllowed(found)).ifPresent(found ->
                findings.add(new Finding(imported.getLine(), "rules may not use " + AllowedTypes.nameOf(found))));
    }

    /** {@code import function java.lang.Math.max}: a static method, checked as a call would be. */
    private void checkFunctionImport(FunctionImportDescr imported) {
        String target = imported.getTarget();
        int dot = target.lastIndexOf('.');
        String method = target.substring(dot + 1);
        Optional<Class<?>> owner = dot < 0 ? Optional.empty() : types.resolve(target.substring(0, dot));
        if (owner.isEmpty()) {
            return; // Drools reports what it cannot find
        }
        String shown = AllowedTypes.nameOf(owner.get()) + "." + method;
        if (!AllowedTypes.isAllowed(owner.get()) || method.equals("*")) {
            findings.add(new Finding(imported.getLine(), "rules may not call " + shown));
            return;
        }
        Optional<String> refusal = Members.methods(owner.get(), method, 0).stream().findAny()
                .or(() -> java.util.Arrays.stream(owner.get().getMethods()).filter(m -> m.getName().equals(method)).findAny())
                .flatMap(found -> AllowedTypes.refusalOf(owner.get(), method, found.getDeclaringClass()));
        refusal.ifPresent(message -> findings.add(new Finding(imported.getLine(), message)));
        functionImports.put(method, owner.get());
    }

    private void checkGlobal(GlobalDescr global) {
        globals.put(global.getIdentifier(), typeOf(global.getType(), global.getLine()));
    }

    /** A type a declaration names (a global's, a parameter's, a field's): refused unless rules may use it. */
    private ValueType typeOf(String written, int line) {
        if (types.isDeclared(written)) {
            return ValueType.UNKNOWN;
        }
        Optional<Class<?>> found = types.resolve(written);
        if (found.isEmpty()) {
            return ValueType.UNKNOWN; // Drools reports what it cannot find
        }
        if (!AllowedTypes.isAllowed(found.get())) {
            findings.add(new Finding(line, "rules may not use " + AllowedTypes.nameOf(found.get())));
            return ValueType.UNKNOWN;
        }
        return ValueType.of(found.get());
    }

    /** Declared types may hold allowed values; their defaults are code, checked as such. */
    private void checkDeclaredType(TypeDeclarationDescr declared) {
        declared.getSuperTypes().forEach(superType -> typeOf(superType.getFullName(), declared.getLine()));
        checkAnnotations(declared.getAnnotations(), declared.getLine());
        for (TypeFieldDescr field : declared.getFields().values()) {
            int line = field.getLine() > 0 ? field.getLine() : declared.getLine();
            typeOf(field.getPattern().getObjectType(), line);
            checkAnnotations(field.getAnnotations(), line);
            if (field.getInitExpr() != null && !field.getInitExpr().isBlank()) {
                ConditionCheck initial = new ConditionCheck(siteAt(line, CodeSite.Kind.FUNCTION), new Scope(Map.of()));
                initial.expression(field.getInitExpr(), ValueType.UNKNOWN, line);
                findings.addAll(initial.findings());
            }
        }
    }

    private void checkAnnotations(java.util.Collection<AnnotationDescr> annotations, int line) {
        for (AnnotationDescr annotation : annotations) {
            if (!DESCRIBING_ANNOTATIONS.contains(annotation.getName())) {
                findings.add(new Finding(line, "rules may not use the annotation @" + annotation.getName()));
            }
        }
    }

    private void checkFunction(FunctionDescr function) {
        if (function.getDialect() != null && !"java".equalsIgnoreCase(function.getDialect())) {
            findings.add(new Finding(function.getLine(), MVEL));
        }
        typeOf(function.getReturnType(), function.getLine());
        Scope parameters = new Scope(Map.of());
        for (int i = 0; i < function.getParameterNames().size(); i++) {
            parameters.declare(function.getParameterNames().get(i),
                    typeOf(function.getParameterTypes().get(i), function.getLine()));
        }
        String body = function.getBody();
        int firstLine = file.lineOf(body, function.getLine());
        CodeSite site = new CodeSite(CodeSite.Kind.FUNCTION, types, functions, functionImports, ValueType.UNKNOWN,
                callee -> recursion.record(function.getName(), callee), firstLine);
        checkBlock(body, site, parameters, "function " + function.getName());
    }

    private void checkRule(RuleDescr rule) {
        AttributeDescr dialect = rule.getAttributes().get("dialect");
        if (dialect != null && !"java".equalsIgnoreCase(dialect.getValue())) {
            findings.add(new Finding(dialect.getLine() > 0 ? dialect.getLine() : rule.getLine(), MVEL));
        }
        Scope bindings = new Scope(globals);
        ConditionCheck conditions = new ConditionCheck(siteAt(rule.getLine(), CodeSite.Kind.CONDITION), bindings);
        if (rule.getLhs() != null) {
            conditions.check(rule.getLhs());
        }
        for (String expressive : List.of("salience", "enabled")) {
            AttributeDescr attribute = rule.getAttributes().get(expressive);
            if (attribute != null && !isPlainValue(attribute.getValue())) {
                conditions.expression(attribute.getValue(), ValueType.UNKNOWN,
                        attribute.getLine() > 0 ? attribute.getLine() : rule.getLine());
            }
        }
        findings.addAll(conditions.findings());
        if (rule.isQuery()) {
            return;
        }
        List<Object> consequences = new ArrayList<>();
        consequences.add(rule.getConsequence());
        consequences.addAll(rule.getNamedConsequences().values());
        Scope thenPart = bindings.child();
        // Drools' helper, under both its names: only the methods of RuleHelper may be called on it.
        thenPart.declare("drools", ValueType.of(RuleHelper.class));
        thenPart.declare("kcontext", ValueType.of(RuleHelper.class));
        for (Object consequence : consequences) {
            if (consequence instanceof String code) {
                CodeSite site = siteAt(file.lineOf(code, rule.getLine()), CodeSite.Kind.THEN_PART);
                checkBlock(ModifyBlocks.rewrite(code), site, thenPart, "rule \"" + rule.getName() + "\"");
            }
        }
    }

    private static boolean isPlainValue(String value) {
        return value == null || value.strip().matches("-?\\d+|true|false");
    }

    private CodeSite siteAt(int line, CodeSite.Kind kind) {
        return new CodeSite(kind, types, functions, functionImports, ValueType.UNKNOWN, callee -> { }, line);
    }

    private void checkBlock(String code, CodeSite site, Scope scope, String where) {
        Optional<BlockStmt> block = JavaSnippets.block(code);
        if (block.isEmpty()) {
            findings.add(new Finding(site.firstLine(), "rules may only use Java the sandbox can read: the code of "
                    + where + " does not parse as Java"));
            return;
        }
        CodeCheck check = new CodeCheck(site);
        check.statement(block.get(), scope.child());
        findings.addAll(check.findings());
    }
}
