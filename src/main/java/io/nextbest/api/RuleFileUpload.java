package io.nextbest.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A rule file sent for validation: a name relative to the rules folder (no "..", no leading "/") and its
 * content as text, or base64 for spreadsheets.
 */
public record RuleFileUpload(
        @NotBlank @Size(max = 200)
        @Pattern(regexp = "(?!.*\\.\\.)(?!/)[A-Za-z0-9_./ -]+", message = "must be a file name inside the rules folder")
        String name,
        @NotNull String content,
        @Pattern(regexp = "text|base64", message = "must be text or base64") String encoding) {

    byte[] bytes() {
        if ("base64".equals(encoding)) {
            try {
                return Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException notBase64) {
                throw new jakarta.ws.rs.BadRequestException("File " + name + " is not valid base64");
            }
        }
        return content.getBytes(StandardCharsets.UTF_8);
    }
}
