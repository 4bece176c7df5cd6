package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.api.Session;
import dev.strangler.playbook.contract.api.User;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.ApiResponse;
import dev.strangler.playbook.contract.steps.Accounts;
import dev.strangler.playbook.contract.steps.Accounts.Credentials;
import java.util.Map;

/** A new customer's life: register, duplicate refused, log in, read and rename the profile, log out. */
final class RegisterLoginProfile implements Scenario {

    @Override
    public String name() {
        return "register-login-profile";
    }

    @Override
    public String description() {
        return "register 201, same email 409 email_taken, login 200, GET and PUT /api/users/me, logout 204, old token 401";
    }

    @Override
    public void run(ApiClient api) {
        Credentials credentials = Credentials.fresh();
        User registered = Accounts.register(api, credentials);
        Expect.problem(
                Accounts.sendRegistration(api, "register the same email again", credentials.registration()),
                409,
                "email_taken");

        Session session = Accounts.login(api, credentials);
        Expect.that(
                session.response(),
                session.user().id() == registered.id(),
                "user.id " + registered.id() + " as registered",
                session.user().id());
        Expect.that(
                session.response(),
                session.expiresAt().isAfter(registered.createdAt()),
                "expiresAt after the user's createdAt " + registered.createdAt(),
                session.expiresAt());
        ApiResponse me = api.get("read my profile", "/api/users/me", session.token());
        User profile = User.from(Expect.json(me, 200));
        Expect.that(me, profile.id() == registered.id(), "id " + registered.id() + " as registered", profile.id());
        // The same user read twice must carry the same createdAt: apps cache it, and a shadowed or
        // extracted backend is compared against these values.
        Expect.that(
                me,
                profile.createdAt().equals(registered.createdAt()),
                "createdAt " + registered.createdAt() + " as returned by the registration",
                profile.createdAt());
        Expect.that(
                me,
                profile.email().equalsIgnoreCase(credentials.email()),
                "email " + credentials.email(),
                profile.email());

        String newName = credentials.name() + " Renamed";
        ApiResponse renamed =
                api.send("change my name", "PUT", "/api/users/me", Map.of("name", newName), session.token());
        User updated = User.from(Expect.json(renamed, 200));
        Fields.body(renamed).require(updated.name().equals(newName), "name '" + newName + "'", updated.name());
        ApiResponse reread = api.get("read my profile after the change", "/api/users/me", session.token());
        User afterChange = User.from(Expect.json(reread, 200));
        Expect.that(reread, afterChange.name().equals(newName), "name '" + newName + "'", afterChange.name());

        Expect.status(api.send("log out", "POST", "/api/auth/logout", null, session.token()), 204);
        Expect.problem(
                api.get("read my profile with the logged-out token", "/api/users/me", session.token()),
                401,
                "unauthenticated");
    }
}
