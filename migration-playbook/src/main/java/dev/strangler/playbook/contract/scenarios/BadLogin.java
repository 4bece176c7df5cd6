package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.steps.Accounts;
import dev.strangler.playbook.contract.steps.Accounts.Credentials;
import java.util.Map;

/** Logging in with a wrong password or an unknown email: 401 bad_credentials, the same for both. */
final class BadLogin implements Scenario {

    @Override
    public String name() {
        return "bad-login";
    }

    @Override
    public String description() {
        return "login with a wrong password or an unknown email: 401 problem bad_credentials";
    }

    @Override
    public void run(ApiClient api) {
        Credentials credentials = Credentials.fresh();
        Accounts.register(api, credentials);
        Expect.problem(
                Accounts.sendLogin(
                        api,
                        "log in with a wrong password",
                        Map.of("email", credentials.email(), "password", credentials.password() + "-wrong")),
                401,
                "bad_credentials");
        Credentials stranger = Credentials.fresh();
        Expect.problem(
                Accounts.sendLogin(api, "log in with an unregistered email", stranger.login()), 401, "bad_credentials");
    }
}
