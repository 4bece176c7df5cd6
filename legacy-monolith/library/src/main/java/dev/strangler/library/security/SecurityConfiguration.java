package dev.strangler.library.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Who may do what. The catalog and the shelf pages are public to read; members, loans and the reading list are for
 * logged-in members, and so is every write. A page asked for without a session redirects to the login form (and back
 * after it), whatever the client accepts; an API request without one gets 401, which a client can act on better
 * than a redirect to HTML.
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
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/shelf"))
                .csrf(csrf -> csrf.ignoringRequestMatchers(ApiRequests.NOT_FORGEABLE))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(DelegatingAuthenticationEntryPoint.builder()
                                .addEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), ApiRequests.API)
                                .defaultEntryPoint(new LoginUrlAuthenticationEntryPoint("/login"))
                                .build()));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }
}
