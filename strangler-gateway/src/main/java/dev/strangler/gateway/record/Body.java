package dev.strangler.gateway.record;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A recorded body, as text when it is text (by its content type, or, without one, when it is valid UTF-8) and in
 * base64 otherwise. A gzip-encoded body is decoded first (so that it can be redacted, and so that a stub serves it
 * plainly); any other content encoding cannot be read, so the exchange is not kept.
 *
 * @param text   the body as text, or null
 * @param base64 the body in base64, or null; both null: no body
 * @param kind   how the redaction reads it
 */
record Body(String text, String base64, Kind kind) {

    enum Kind {
        NONE,
        JSON,
        FORM,
        TEXT,
        BINARY
    }

    static final Body NONE = new Body(null, null, Kind.NONE);

    /**
     * The body of {@code bytes} sent with these headers.
     *
     * @throws Skipped when it is encoded other than with gzip, or larger than {@code limit} once decoded
     */
    static Body of(byte[] bytes, String contentType, String contentEncoding, int limit) {
        if (bytes.length == 0) {
            return NONE;
        }
        byte[] plain = decoded(bytes, contentEncoding, limit);
        MediaType type = mediaType(contentType);
        if (type == null) {
            String text = utf8(plain);
            if (text == null) {
                return new Body(null, Base64.getEncoder().encodeToString(plain), Kind.BINARY);
            }
            String start = text.stripLeading();
            return new Body(text, null, start.startsWith("{") || start.startsWith("[") ? Kind.JSON : Kind.TEXT);
        }
        Kind kind = kindOf(type);
        if (kind == Kind.BINARY) {
            return new Body(null, Base64.getEncoder().encodeToString(plain), kind);
        }
        String text = new String(plain, type.getCharset() != null ? type.getCharset() : StandardCharsets.UTF_8);
        return new Body(text, null, kind);
    }

    private static Kind kindOf(MediaType type) {
        String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
        if (subtype.equals("json") || subtype.endsWith("+json")) {
            return Kind.JSON;
        }
        if (MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)) {
            return Kind.FORM;
        }
        boolean text = type.getType().equalsIgnoreCase("text")
                || subtype.equals("xml")
                || subtype.endsWith("+xml")
                || subtype.equals("javascript")
                || subtype.equals("graphql");
        return text ? Kind.TEXT : Kind.BINARY;
    }

    private static MediaType mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        try {
            return MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private static byte[] decoded(byte[] bytes, String encoding, int limit) {
        if (encoding == null || encoding.isBlank() || encoding.strip().equalsIgnoreCase("identity")) {
            return bytes;
        }
        if (!encoding.strip().equalsIgnoreCase("gzip")) {
            throw new Skipped(SkipReason.ENCODED_BODY);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            byte[] plain = in.readNBytes(limit + 1);
            if (plain.length > limit) {
                throw new Skipped(SkipReason.BODY_TOO_LARGE);
            }
            return plain;
        } catch (IOException e) {
            throw new Skipped(SkipReason.ENCODED_BODY);
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The exchange is not kept, for this reason. */
    static final class Skipped extends RuntimeException {
        private final SkipReason reason;

        Skipped(SkipReason reason) {
            super(reason.tag(), null, false, false);
            this.reason = reason;
        }

        SkipReason reason() {
            return reason;
        }
    }
}
