package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import dev.strangler.playbook.contract.check.Expect;
import dev.strangler.playbook.contract.check.Fields;
import dev.strangler.playbook.contract.http.ApiClient;
import dev.strangler.playbook.contract.steps.Accounts;
import dev.strangler.playbook.contract.steps.Accounts.Credentials;
import java.util.List;
import java.util.Map;

/** The sign-up form's server-side validation: a bad email or short password is 400 naming the field. */
final class InvalidRegistration implements Scenario {

    @Override
    public String name() {
        return "invalid-registration";
    }

    @Override
    public String description() {
        return "register with a bad email or a 7-character password: 400 validation_failed with errors [{field, message}]";
    }

    @Override
    public void run(ApiClient api) {
        Credentials valid = Credentials.fresh();
        expectFieldError(
                api,
                "register with an email without @",
                Map.of("email", "not-an-email", "password", valid.password(), "name", valid.name()),
                "email");
        expectFieldError(
                api,
                "register with a 7-character password",
                Map.of("email", valid.email(), "password", "short77", "name", valid.name()),
                "password");
    }

    private static void expectFieldError(ApiClient api, String step, Map<String, Object> body, String field) {
        Fields problem = Expect.problem(Accounts.sendRegistration(api, step, body), 400, "validation_failed");
        List<Fields> errors = problem.objects("errors");
        problem.require(!errors.isEmpty(), "errors: at least one {field, message}", "an empty list");
        boolean named = false;
        for (Fields error : errors) {
            named |= error.string("field").equals(field);
            error.text("message");
        }
        problem.require(
                named,
                "errors naming the field '" + field + "'",
                problem.response().excerpt());
    }
}
