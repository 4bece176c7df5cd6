package dev.strangler.gateway.routing;

import java.nio.charset.StandardCharsets;

/**
 * Stable bucketing of a stick-by key into {@value #BUCKETS} buckets:
 * {@code bucket = fmix64(fnv1a64(salt + ":" + key)) mod 10000}. A request goes to the service when
 * its bucket is below the percent in basis points, so raising the percent only ever moves keys from
 * the monolith to the service, and the same key always lands in the same bucket.
 */
public final class Bucketing {

    public static final int BUCKETS = 10_000;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Bucketing() {}

    public static int bucket(String salt, String key) {
        long h = FNV_OFFSET;
        h = mix(h, salt.getBytes(StandardCharsets.UTF_8));
        h = (h ^ ':') * FNV_PRIME;
        h = mix(h, key.getBytes(StandardCharsets.UTF_8));
        return (int) Long.remainderUnsigned(fmix64(h), BUCKETS);
    }

    /** True when the key's bucket is inside the canary share given in basis points (0..10000). */
    public static boolean inCanary(String salt, String key, int basisPoints) {
        return bucket(salt, key) < basisPoints;
    }

    private static long mix(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        return h;
    }

    /** MurmurHash3's 64-bit finaliser: spreads FNV's weak low bits over the whole word. */
    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
