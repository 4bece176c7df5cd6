package dev.strangler.playbook.contract.scenarios;

import dev.strangler.playbook.contract.Scenario;
import java.util.List;

/** The mobile contract suite's scenarios, in the order they run: browsing first, then accounts, then orders. */
public final class Scenarios {

    private Scenarios() {}

    /** New instances of every scenario. */
    public static List<Scenario> all() {
        return List.of(
                new BrowseCategories(),
                new BrowseProducts(),
                new Search(),
                new ProductDetailScenario(),
                new RegisterLoginProfile(),
                new InvalidRegistration(),
                new BadLogin(),
                new Checkout(),
                new Cancel(),
                new OutOfStock(),
                new DeclinedPayment(),
                new UnauthenticatedAccess());
    }
}
