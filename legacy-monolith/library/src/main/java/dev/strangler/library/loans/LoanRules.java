package dev.strangler.library.loans;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * What a loan needs before it is written, checked by Spring Data REST before a create or a save, so that a client
 * gets a 400 naming the field rather than the database's not-null error.
 */
@Component
public class LoanRules implements Validator {

    @Override
    public boolean supports(Class<?> type) {
        return Loan.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        Loan loan = (Loan) target;
        if (loan.getBook() == null) {
            errors.rejectValue("book", "required", "book is missing: the link of the book lent, as in its _links.self");
        }
        if (loan.getMember() == null) {
            errors.rejectValue(
                    "member",
                    "required",
                    "member is missing: the link of the member who borrows, as in its _links.self");
        }
        if (loan.getDueOn() == null) {
            errors.rejectValue("dueOn", "required", "dueOn is missing: the day the book is due back, as 2027-01-31");
        } else {
            Instant lent = loan.getLentAt() == null ? Instant.now() : loan.getLentAt();
            if (loan.getDueOn().isBefore(lent.atOffset(ZoneOffset.UTC).toLocalDate())) {
                errors.rejectValue(
                        "dueOn",
                        "beforeLent",
                        "dueOn " + loan.getDueOn() + " is before the loan starts (" + lent + "): give a later day");
            }
        }
        if (loan.getReturnedAt() != null
                && loan.getLentAt() != null
                && loan.getReturnedAt().isBefore(loan.getLentAt())) {
            errors.rejectValue(
                    "returnedAt",
                    "beforeLent",
                    "returnedAt " + loan.getReturnedAt() + " is before the loan started (" + loan.getLentAt() + ")");
        }
    }
}
