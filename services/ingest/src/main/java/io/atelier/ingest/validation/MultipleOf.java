package io.atelier.ingest.validation;

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
 * A whole number, given as text, that is a multiple of {@link #value()}; null is valid. Bean
 * Validation has no such constraint, and the trainer's crops must divide by its down-sampling.
 */
@Documented
@Constraint(validatedBy = MultipleOf.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface MultipleOf {

    long value();

    String message() default "must be a multiple of {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Text that is no whole number is left to {@code @Digits}; this judges only numbers. */
    class Validator implements ConstraintValidator<MultipleOf, CharSequence> {

        private long divisor;

        @Override
        public void initialize(MultipleOf constraint) {
            divisor = constraint.value();
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            try {
                return value == null || Long.parseLong(value.toString().trim()) % divisor == 0;
            } catch (NumberFormatException e) {
                return true;
            }
        }
    }
}
