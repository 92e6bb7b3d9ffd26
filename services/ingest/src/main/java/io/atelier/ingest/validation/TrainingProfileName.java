package io.atelier.ingest.validation;

import io.atelier.schemas.training.TrainingProfile;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text that names a {@link TrainingProfile} in any case; null or blank is valid (the default applies).
 * Checked here rather than by converting the form field to the enum, so that a wrong name gets the
 * same 400 naming the field as every other option.
 */
@Documented
@Constraint(validatedBy = TrainingProfileName.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface TrainingProfileName {

    /** Replaced by the list of profiles; an annotation cannot compute it. */
    String message() default "must name a training profile";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<TrainingProfileName, CharSequence> {

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            if (value == null || value.toString().isBlank()) {
                return true;
            }
            try {
                TrainingProfile.named(value.toString());
                return true;
            } catch (IllegalArgumentException e) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate("must be one of "
                        + String.join(", ", TrainingProfile.names())).addConstraintViolation();
                return false;
            }
        }
    }
}
