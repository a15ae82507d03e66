package io.nextbest.api;

import io.nextbest.rules.RuleFiles;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * A rule file sent for validation: a name relative to the rules folder (no "..", no leading "/") and its
 * content as text, or base64 for spreadsheets.
 */
@RuleFileUpload.ReadableContent
public record RuleFileUpload(
        @NotBlank @Size(max = 200)
        @Pattern(regexp = INSIDE_THE_FOLDER, message = "must be a file name inside the rules folder")
        @ReadByTheFolder
        String name,
        @NotNull String content,
        @Pattern(regexp = "text|base64", message = "must be text or base64") String encoding) {

    /** A path relative to the rules folder that stays inside it. */
    static final String INSIDE_THE_FOLDER = "(?!.*\\.\\.)(?!/)[A-Za-z0-9_./ -]+";

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

    /**
     * A name the rules folder reads: a file the folder would refuse or skip (a table not named *.drl.xlsx) would
     * otherwise validate, or go live, without being part of the ruleset.
     */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = ReadByTheFolder.Validator.class)
    @interface ReadByTheFolder {
        String message() default "is not a file the rules folder reads";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<ReadByTheFolder, String> {
            @Override
            public boolean isValid(String name, ConstraintValidatorContext context) {
                // A name outside the folder is refused as such, once.
                Optional<String> why = name == null || !name.matches(INSIDE_THE_FOLDER) ? Optional.empty()
                        : RuleFiles.whyNotRead(name);
                why.ifPresent(message -> {
                    context.disableDefaultConstraintViolation();
                    // The message quotes the name: escaped, so it is not read as a message template.
                    context.buildConstraintViolationWithTemplate((name + ": " + message).replaceAll("([{}$\\\\])", "\\\\$1"))
                            .addConstraintViolation();
                });
                return why.isEmpty();
            }
        }
    }

    /** Content sent as base64 decodes: checked with the other fields, so the problem names files[i].content. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = ReadableContent.Validator.class)
    @interface ReadableContent {
        String message() default "must be base64, as its encoding says";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};

        class Validator implements ConstraintValidator<ReadableContent, RuleFileUpload> {
            @Override
            public boolean isValid(RuleFileUpload file, ConstraintValidatorContext context) {
                if (file == null || file.content() == null || !"base64".equals(file.encoding())) {
                    return true;
                }
                try {
                    Base64.getDecoder().decode(file.content());
                    return true;
                } catch (IllegalArgumentException notBase64) {
                    context.disableDefaultConstraintViolation();
                    context.buildConstraintViolationWithTemplate(context.getDefaultConstraintMessageTemplate())
                            .addPropertyNode("content").addConstraintViolation();
                    return false;
                }
            }
        }
    }
}
