package io.nextbest.api;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A customer id (or an anonymous id) the service may store: every one of them can later be read and erased
 * at {@code /v1/customers/{id}}. A path carries any text percent-encoded except the segments "." and "..",
 * which URI normalisation removes (RFC 3986, also when sent as %2E): those two are refused wherever an id
 * is taken. Any other text up to 128 characters is an id, dots, spaces, '/', '%' and all of Unicode included.
 */
@NotBlank
@Size(max = 128)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CustomerId.Validator.class)
public @interface CustomerId {
    String message() default "must not be \".\" or \"..\", which no URL path can carry (the customer could not be erased)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<CustomerId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || !(value.equals(".") || value.equals(".."));
        }
    }
}
