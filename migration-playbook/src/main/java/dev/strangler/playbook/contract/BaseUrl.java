package dev.strangler.playbook.contract;

import java.net.URI;
import java.net.URISyntaxException;

/** Reads the {@code --base-url} option: an absolute http(s) URL with a host, nothing after the path. */
public final class BaseUrl {

    private BaseUrl() {}

    /** @throws IllegalArgumentException with a message a user can act on */
    public static URI parse(String text) {
        String hint = "; expected an absolute http or https URL such as http://127.0.0.1:9001";
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--base-url '" + text + "' is not a URL (" + e.getReason() + ")" + hint);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw new IllegalArgumentException("--base-url '" + text + "' has no http or https scheme" + hint);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("--base-url '" + text + "' has no host" + hint);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("--base-url '" + text + "' must not have a query or fragment" + hint);
        }
        return uri;
    }
}
