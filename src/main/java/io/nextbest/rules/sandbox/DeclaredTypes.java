package io.nextbest.rules.sandbox;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;

/** The types the rules declare ({@code declare Offer code : String end}) and their fields, across all files. */
record DeclaredTypes(Set<String> names, Set<String> fields) {

    static DeclaredTypes of(List<PackageDescr> packages) {
        Set<String> names = new HashSet<>();
        Set<String> fields = new HashSet<>();
        for (PackageDescr parsed : packages) {
            for (TypeDeclarationDescr declared : parsed.getTypeDeclarations()) {
                names.add(declared.getTypeName());
                fields.addAll(declared.getFields().keySet());
            }
        }
        return new DeclaredTypes(Set.copyOf(names), Set.copyOf(fields));
    }
}
