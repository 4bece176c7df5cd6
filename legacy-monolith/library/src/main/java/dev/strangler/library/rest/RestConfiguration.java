package dev.strangler.library.rest;

import dev.strangler.library.catalog.Author;
import dev.strangler.library.catalog.Book;
import dev.strangler.library.loans.Loan;
import dev.strangler.library.loans.LoanRules;
import dev.strangler.library.members.Member;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.rest.core.config.RepositoryRestConfiguration;
import org.springframework.data.rest.core.event.ValidatingRepositoryEventListener;
import org.springframework.data.rest.webmvc.config.RepositoryRestConfigurer;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.config.annotation.CorsRegistry;

/**
 * The ids clients see in the JSON (besides the self links): the UUIDs of books and authors, the numbers of members and
 * loans; the join tables are known by their links only. Members are read-only over the API. Loans are checked before
 * they are written.
 */
@Configuration
class RestConfiguration implements RepositoryRestConfigurer {

    private final LoanRules loanRules;

    RestConfiguration(LoanRules loanRules) {
        this.loanRules = loanRules;
    }

    @Override
    public void configureRepositoryRestConfiguration(RepositoryRestConfiguration config, CorsRegistry cors) {
        config.exposeIdsFor(Book.class, Author.class, Member.class, Loan.class);
        config.getExposureConfiguration()
                .forDomainType(Member.class)
                .withItemExposure(
                        (metadata, methods) -> methods.disable(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
                .withCollectionExposure((metadata, methods) -> methods.disable(HttpMethod.POST));
    }

    @Override
    public void configureValidatingRepositoryEventListener(ValidatingRepositoryEventListener validating) {
        validating.addValidator("beforeCreate", loanRules);
        validating.addValidator("beforeSave", loanRules);
    }
}
