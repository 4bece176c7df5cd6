/**
 * The issuer: Spring Authorization Server's endpoints, the RSA signing keys and their rotation (the JWKS),
 * the claims of access tokens, and the token exchange of a session token for a JWT. Uses {@code sessions}.
 */
package dev.strangler.identity.tokens;
