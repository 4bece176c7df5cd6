package dev.strangler.monolith.users;

import org.springframework.data.jpa.repository.JpaRepository;

interface SessionRepository extends JpaRepository<Session, String> {
}
