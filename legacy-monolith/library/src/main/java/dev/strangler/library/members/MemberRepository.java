package dev.strangler.library.members;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.rest.core.annotation.RestResource;

/** {@code /api/members}, read-only (see {@code RestConfiguration}); looking a member up by email is not exported. */
public interface MemberRepository extends JpaRepository<Member, Long> {

    @RestResource(exported = false)
    Optional<Member> findByEmail(String email);
}
