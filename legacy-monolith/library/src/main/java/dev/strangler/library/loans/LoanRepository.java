package dev.strangler.library.loans;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.rest.core.annotation.RestResource;

/** {@code /api/loans}. */
public interface LoanRepository extends JpaRepository<Loan, Long> {

    /** A member's own loans, for their account page; not exported (it would list anyone's). */
    @RestResource(exported = false)
    List<Loan> findByMemberEmailOrderByLentAtDesc(String email);
}
