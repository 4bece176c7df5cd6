package dev.strangler.playbook.contract.steps;

import dev.strangler.playbook.contract.api.Session;
import dev.strangler.playbook.contract.api.User;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.http.ApiResponse;
import java.util.Map;
import java.util.UUID;

/** Account steps the app takes: register a fresh customer, log in. Each run uses a new random email. */
public final class Accounts {

    private Accounts() {}

    /** Credentials of a customer this run made up; never reused across runs. */
    public record Credentials(String email, String password, String name) {

        /** A fresh customer with a random email, so runs never collide with each other or with seed data. */
        public static Credentials fresh() {
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            return new Credentials(
                    "contract-" + id + "@example.com", "pw-" + id, "Contract Tester " + id.substring(0, 6));
        }

        /** The registration request body. */
        public Map<String, Object> registration() {
            return Map.of("email", email, "password", password, "name", name);
        }

        /** The login request body. */
        public Map<String, Object> login() {
            return Map.of("email", email, "password", password);
        }
    }

    /** Sends the registration, without checking the answer. */
    public static ApiResponse sendRegistration(ApiClient api, String step, Map<String, Object> body) {
        return api.send(step, "POST", "/api/users/register", body, null);
    }

    /** Registers {@code credentials}; expects {@code 201} with the user. */
    public static User register(ApiClient api, Credentials credentials) {
        ApiResponse response = sendRegistration(api, "register a new customer", credentials.registration());
        User user = User.from(Expect.json(response, 201));
        Fields body = Fields.body(response);
        body.require(user.email().equalsIgnoreCase(credentials.email()), "email " + credentials.email(), user.email());
        body.require(user.name().equals(credentials.name()), "name " + credentials.name(), user.name());
        body.require("CUSTOMER".equals(user.role()), "role CUSTOMER for a self-registered user", user.role());
        return user;
    }

    /** Sends the login, without checking the answer. */
    public static ApiResponse sendLogin(ApiClient api, String step, Map<String, Object> body) {
        return api.send(step, "POST", "/api/auth/login", body, null);
    }

    /** Logs in; expects {@code 200} with a bearer token for the same user. */
    public static Session login(ApiClient api, Credentials credentials) {
        ApiResponse response = sendLogin(api, "log in", credentials.login());
        Session session = Session.from(Expect.json(response, 200));
        Fields.body(response)
                .require(
                        session.user().email().equalsIgnoreCase(credentials.email()),
                        "user.email " + credentials.email(),
                        session.user().email());
        return session;
    }

    /** Registers a fresh customer and logs in: the start of every authenticated scenario. */
    public static Session newCustomer(ApiClient api) {
        Credentials credentials = Credentials.fresh();
        register(api, credentials);
        return login(api, credentials);
    }
}
