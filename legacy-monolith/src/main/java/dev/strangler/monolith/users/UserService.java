package dev.strangler.monolith.users;

import dev.strangler.monolith.errors.ApiException;
import java.time.Clock;
import java.util.Locale;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registration and profiles. */
@Service
public class UserService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;

    UserService(UserRepository users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Transactional
    public User register(String email, String password, String name, User.Role role) {
        String normalised = email.trim().toLowerCase(Locale.ROOT);
        if (users.existsByEmailIgnoreCase(normalised)) {
            throw emailTaken(normalised);
        }
        try {
            return users.saveAndFlush(new User(normalised, hasher.hash(password), name.trim(), role, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw emailTaken(normalised);
        }
    }

    @Transactional(readOnly = true)
    public User get(long id) {
        return users.findById(id)
                .orElseThrow(() -> ApiException.unauthenticated("The user of this session no longer exists"));
    }

    @Transactional
    public User rename(long id, String name) {
        User user = get(id);
        user.rename(name.trim());
        return user;
    }

    @Transactional(readOnly = true)
    public boolean exists(String email) {
        return users.existsByEmailIgnoreCase(email);
    }

    private static ApiException emailTaken(String email) {
        return new ApiException(
                HttpStatus.CONFLICT, "email_taken", "Email taken", "An account with this email already exists");
    }
}
