package dev.strangler.library.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;

/**
 * Who may do what. The catalog and the shelf pages are public to read; members, loans and the reading list are for
 * logged-in members, and so is every write. A page asked for without a session redirects to the login form (and back
 * after it); an API request without one gets 401, which a client can act on better than a redirect to HTML.
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                HttpMethod.GET,
                                "/",
                                "/shelf",
                                "/shelf/*",
                                "/books/*",
                                "/books/*/cover",
                                "/api",
                                "/api/",
                                "/api/profile/**",
                                "/api/books/**",
                                "/api/authors/**",
                                "/api/bookAuthors/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(logout -> logout.logoutSuccessUrl("/shelf"))
                .csrf(csrf -> csrf.ignoringRequestMatchers(ApiRequests.NOT_FORGEABLE))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), ApiRequests.API));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}
