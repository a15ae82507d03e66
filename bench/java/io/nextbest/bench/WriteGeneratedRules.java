package io.nextbest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes generated trigger rules into a rules folder. Usage: WriteGeneratedRules COUNT FOLDER */
public final class WriteGeneratedRules {
    private WriteGeneratedRules() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[1]);
        for (Map.Entry<String, byte[]> file : GeneratedRules.triggers(Integer.parseInt(args[0])).entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }
    }
}
