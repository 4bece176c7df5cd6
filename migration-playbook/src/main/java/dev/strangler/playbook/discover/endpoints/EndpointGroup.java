package dev.strangler.playbook.discover.endpoints;

import java.util.List;

/**
 * The endpoints of one resource: those whose templates start with the same literal segments. {@code pattern} is
 * the route pattern that takes them all ({@code /api/books/**}, which matches {@code /api/books} too); {@code id}
 * is its name as a route id's stem ({@code api-books}).
 */
public record EndpointGroup(String pattern, String id, List<Endpoint> endpoints) {

    public long volume() {
        return endpoints.stream().mapToLong(Endpoint::volume).sum();
    }
}
