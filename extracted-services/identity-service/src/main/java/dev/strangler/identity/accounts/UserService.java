package dev.strangler.identity.accounts;

import dev.strangler.identity.errors.ApiException;
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
    private final Passwords passwords;
    private final Clock clock;

    UserService(UserRepository users, Passwords passwords, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.clock = clock;
    }

    @Transactional
    public User register(String email, String password, String name) {
        String normalised = email.trim().toLowerCase(Locale.ROOT);
        if (users.existsByEmailIgnoreCase(normalised)) {
            throw emailTaken();
        }
        try {
            return users.saveAndFlush(
                    new User(normalised, passwords.hash(password), name.trim(), User.Role.CUSTOMER, clock.instant()));
        } catch (DataIntegrityViolationException e) {
            throw emailTaken();
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

    private static ApiException emailTaken() {
        return new ApiException(
                HttpStatus.CONFLICT, "email_taken", "Email taken", "An account with this email already exists");
    }
}
