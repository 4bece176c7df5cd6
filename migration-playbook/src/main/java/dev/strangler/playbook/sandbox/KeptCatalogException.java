package dev.strangler.playbook.sandbox;

/**
 * {@code up --products N} found the monolith's database holding a catalog of another size: the monolith
 * seeds only an empty catalog, so N could only be had on wiped data. Nothing of the sandbox is left
 * running by this refusal that was not running before.
 */
public final class KeptCatalogException extends SandboxException {

    private final int keptProducts;
    private final int askedProducts;

    KeptCatalogException(int keptProducts, int askedProducts, String where, String startClean) {
        super("--products " + askedProducts + " cannot be honoured: the monolith's database (" + where
                + ") holds a catalog of "
                + keptProducts + " products, and the monolith seeds only an empty catalog. To start with "
                + askedProducts
                + " products, delete the sandbox's data with `" + startClean
                + "` (the streams' state goes too), then `up` "
                + "again; to keep the " + keptProducts + " products, run `up` without --products");
        this.keptProducts = keptProducts;
        this.askedProducts = askedProducts;
    }

    /** The products the monolith's catalog holds. */
    public int keptProducts() {
        return keptProducts;
    }

    /** The products {@code --products} asked for. */
    public int askedProducts() {
        return askedProducts;
    }
}
