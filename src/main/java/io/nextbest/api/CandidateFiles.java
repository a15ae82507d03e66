package io.nextbest.api;

import io.nextbest.rules.RuleFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A candidate ruleset's files: uploaded files over the rules folder, or on their own. */
final class CandidateFiles {
    private CandidateFiles() {
    }

    static Map<String, byte[]> of(Path rulesDir, List<RuleFileUpload> uploads, Boolean replaceFolder) {
        Map<String, byte[]> files = new TreeMap<>(Boolean.TRUE.equals(replaceFolder) ? Map.of() : RuleFiles.read(rulesDir));
        if (uploads != null) {
            uploads.forEach(file -> files.put(file.name(), file.bytes()));
        }
        return files;
    }
}
