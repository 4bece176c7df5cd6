package dev.strangler.gateway.hold;

import java.time.Duration;

/**
 * Whether this gateway may admit writes of strangled routes: always, when it runs alone; while its
 * lease in the shared state lasts, when it is one of several replicas. A replica that cannot renew its
 * lease may have missed a hold or a cutover another replica started, so it fails closed on writes.
 * The lease is counted from before the renewal was sent, so it ends here no later than the shared
 * state believes it does.
 */
public final class Lease {

    /** A gateway without shared state: its own state is the whole truth. */
    public static Lease alone() {
        Lease lease = new Lease();
        lease.validUntilNanos = Long.MAX_VALUE;
        lease.alone = true;
        return lease;
    }

    /** A replica's lease: not valid until first renewed. */
    public static Lease replica() {
        Lease lease = new Lease();
        lease.validUntilNanos = System.nanoTime();
        return lease;
    }

    private volatile long validUntilNanos;
    private boolean alone;

    private Lease() {}

    public boolean valid() {
        return alone || validUntilNanos - System.nanoTime() > 0;
    }

    /** The shared state accepted a renewal sent at {@code sentAtNanos}. */
    public void renewed(long sentAtNanos, Duration length) {
        validUntilNanos = sentAtNanos + length.toNanos();
    }

    /** Ends the lease now (the connection to the shared state broke). */
    public void lost() {
        if (!alone) {
            validUntilNanos = System.nanoTime();
        }
    }
}
