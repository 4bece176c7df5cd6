package dev.strangler.playbook.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The recorder's placeholders for redacted secrets, {@code «redacted:<n>»}: one per distinct secret of a recording,
 * so a placeholder in a recorded answer (a login's token) and the same one in later requests ({@code Bearer
 * «redacted:3»}) stand for the same value, which the replay learns from the target's answer.
 */
final class Placeholders {

    static final Pattern PLACEHOLDER = Pattern.compile("«redacted:\\d+»");

    private Placeholders() {}

    /** The placeholders in {@code text}, in order of appearance. */
    static Set<String> in(String text) {
        Set<String> found = new LinkedHashSet<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                found.add(m.group());
            }
        }
        return found;
    }

    /** Where in the request the placeholder is, for a person: a header by name, the URL or the body. */
    static String where(RecordedRequest request, String placeholder) {
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (header.getValue() != null && header.getValue().contains(placeholder)) {
                return "header " + header.getKey();
            }
        }
        if (request.url().contains(placeholder)) {
            return "URL";
        }
        return "body";
    }

    /**
     * The name the placeholder's value goes by in the request: the header's, or the JSON, form or query field's whose
     * value it is; null when it is inside a longer text.
     */
    static String fieldOf(RecordedRequest request, String placeholder) {
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (header.getValue() != null && header.getValue().contains(placeholder)) {
                return header.getKey();
            }
        }
        String quoted = Pattern.quote(placeholder);
        for (String text : new String[] {request.body(), request.url()}) {
            if (text == null || !text.contains(placeholder)) {
                continue;
            }
            Matcher json =
                    Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"" + quoted + "\"").matcher(text);
            if (json.find()) {
                return json.group(1);
            }
            Matcher form = Pattern.compile("(?:^|[?&])([^=&?]+)=" + quoted).matcher(text);
            if (form.find()) {
                return form.group(1);
            }
        }
        return null;
    }

    /**
     * A placeholder as a person names it on the command line: {@code redacted:2}, {@code «redacted:2»} or just {@code
     * 2}; the placeholder as recordings write it.
     */
    static String named(String name) {
        String n = name.strip();
        if (n.startsWith("«") && n.endsWith("»")) {
            n = n.substring(1, n.length() - 1);
        }
        if (n.startsWith("redacted:")) {
            n = n.substring("redacted:".length());
        }
        if (!n.matches("\\d+")) {
            throw new IllegalArgumentException("'" + name + "' names no placeholder: write redacted:N, as the recording"
                    + " shows it («redacted:N»)");
        }
        return "«redacted:" + Integer.parseInt(n) + "»";
    }

    /** {@code text} with every placeholder that has a value replaced by it; unknown ones stay. */
    static String fill(String text, Map<String, String> values) {
        if (text == null || values.isEmpty() || text.indexOf('«') < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(), m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * What the placeholders of a recorded text stand for in the text the target answered at the same place: the
     * recorded text is the pattern ({@code Bearer «redacted:3»} against {@code Bearer 9f2c...} gives {@code
     * «redacted:3» = 9f2c...}); nothing when the two do not have the same shape.
     */
    static Map<String, String> match(String recorded, String actual) {
        Set<String> names = in(recorded);
        if (names.isEmpty() || actual == null) {
            return Map.of();
        }
        List<String> order = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(recorded);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(recorded.substring(last, m.start()))).append("(.+?)");
            order.add(m.group());
            last = m.end();
        }
        regex.append(Pattern.quote(recorded.substring(last)));
        Matcher values = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual);
        if (!values.matches()) {
            return Map.of();
        }
        LinkedHashMap<String, String> bound = new LinkedHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            bound.putIfAbsent(order.get(i), values.group(i + 1));
        }
        return bound;
    }
}
