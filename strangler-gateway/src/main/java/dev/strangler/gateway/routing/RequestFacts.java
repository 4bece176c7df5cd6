package dev.strangler.gateway.routing;

/** What a routing decision may look at in a request, independent of the web stack. */
public interface RequestFacts {

    /** The first value of the header, or null. */
    String header(String name);

    /** The value of the cookie, or null. */
    String cookie(String name);

    /** The first value of the query parameter, or null. */
    String query(String name);

    /** The client's address as the gateway saw it, or null. */
    String clientIp();
}
