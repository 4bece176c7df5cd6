package dev.strangler.identity.api;

import dev.strangler.identity.accounts.UserService;
import dev.strangler.identity.accounts.UserView;
import dev.strangler.identity.sessions.BearerToken;
import dev.strangler.identity.sessions.Caller;
import dev.strangler.identity.sessions.SessionService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The monolith's user endpoints (legacy-monolith/API.md, "Users"): same paths, bodies, status codes and
 * validation messages, so that the gateway can move them here route by route.
 */
@RestController
class AccountController {

    record RegisterRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Size(min = 8, max = 100) String password,
            @NotBlank @Size(max = 100) String name) {}

    record LoginRequest(@NotBlank String email, @NotBlank String password) {}

    record ProfileUpdate(@NotBlank @Size(max = 100) String name) {}

    record LoginView(String token, String tokenType, Instant expiresAt, UserView user) {}

    private final UserService users;
    private final SessionService sessions;

    AccountController(UserService users, SessionService sessions) {
        this.users = users;
        this.sessions = sessions;
    }

    @PostMapping("/api/users/register")
    @ResponseStatus(HttpStatus.CREATED)
    UserView register(@Valid @RequestBody RegisterRequest request) {
        return UserView.of(users.register(request.email(), request.password(), request.name()));
    }

    @PostMapping("/api/auth/login")
    LoginView login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        // Behind the gateway the client's address comes from X-Forwarded-For (server.forward-headers-strategy).
        SessionService.Login login = sessions.login(request.email(), request.password(), http.getRemoteAddr());
        return new LoginView(login.token(), "Bearer", login.expiresAt(), UserView.of(login.user()));
    }

    @PostMapping("/api/auth/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(Caller caller, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        sessions.logout(BearerToken.of(authorization));
    }

    @GetMapping("/api/users/me")
    UserView me(Caller caller) {
        return UserView.of(users.get(caller.userId()));
    }

    @PutMapping("/api/users/me")
    UserView update(Caller caller, @Valid @RequestBody ProfileUpdate update) {
        return UserView.of(users.rename(caller.userId(), update.name()));
    }
}
