package dev.strangler.gateway.live;

import java.util.function.UnaryOperator;

/**
 * Where the admin overrides and the kill switch are kept: a file for one gateway
 * ({@link OverrideStore}), or the state the replicas share. A change is a function of what is stored
 * now, applied atomically, so two replicas changing different routes at once lose neither change.
 */
public interface StoredOverrides {

    OverrideStore.Saved load();

    /** Applies the change to what is stored now and returns what is stored after it. */
    OverrideStore.Saved update(UnaryOperator<OverrideStore.Saved> change);
}
