package dev.strangler.playbook.contract.api;

import dev.strangler.playbook.contract.check.Fields;

/** A category as API.md shows it: {@code {id, name, slug}}. */
public record Category(long id, String name, String slug) {

    /** Reads and type-checks a category object. */
    public static Category from(Fields json) {
        return new Category(json.integer("id"), json.text("name"), json.text("slug"));
    }
}
