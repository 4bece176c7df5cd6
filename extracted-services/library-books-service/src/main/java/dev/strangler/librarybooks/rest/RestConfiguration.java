package dev.strangler.librarybooks.rest;

import dev.strangler.librarybooks.books.Author;
import dev.strangler.librarybooks.books.Book;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.rest.core.config.RepositoryRestConfiguration;
import org.springframework.data.rest.webmvc.config.RepositoryRestConfigurer;
import org.springframework.http.HttpMethod;
import org.springframework.web.servlet.config.annotation.CorsRegistry;

/**
 * The same ids in the JSON as the monolith shows (books' and authors' UUIDs), and no writes: the monolith owns the
 * catalog's rows until its writes are cut over, and CDC is the only writer of this database. A write that reaches
 * the service anyway is a 405, not a change CDC would overwrite.
 */
@Configuration
class RestConfiguration implements RepositoryRestConfigurer {

    @Override
    public void configureRepositoryRestConfiguration(RepositoryRestConfiguration config, CorsRegistry cors) {
        config.exposeIdsFor(Book.class, Author.class);
        config.getExposureConfiguration()
                .withItemExposure(
                        (metadata, methods) -> methods.disable(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
                .withCollectionExposure((metadata, methods) -> methods.disable(HttpMethod.POST))
                .withAssociationExposure((metadata, methods) ->
                        methods.disable(HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.POST, HttpMethod.DELETE));
    }
}
