package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;

/** The {@code currency} field next to every amount: a three-letter code. */
final class Currencies {

    private Currencies() {}

    static String code(Fields json, String name) {
        String code = json.string(name);
        json.require(code.matches("[A-Z]{3}"), name + " to be a three-letter currency code", "'" + code + "'");
        return code;
    }
}
