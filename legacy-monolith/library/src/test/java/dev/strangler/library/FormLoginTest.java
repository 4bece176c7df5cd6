package dev.strangler.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Logging in with the HTML form: a session cookie, the redirect back, CSRF on the form, the audit trail. */
class FormLoginTest extends LibraryTestBase {

    @Test
    void loggingInWithTheFormGivesASessionCookieAndRedirectsToThePageAskedFor() {
        Browser.Response asked = browser.get("/library/account");
        assertThat(asked.status())
                .as("a page that needs a member sends to the form")
                .isEqualTo(302);
        assertThat(asked.location()).endsWith("/library/login");
        String sessionBefore =
                browser.cookie("JSESSIONID").map(HttpCookie::getValue).orElse("");

        Browser.Response login = browser.submitLogin("reader3@library.test", PASSWORD);

        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location()).as("back to the page asked for").endsWith("/library/account?continue");
        assertThat(login.header("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie)
                        .startsWith("JSESSIONID=")
                        .contains("Path=/library")
                        .contains("HttpOnly"));
        HttpCookie session = browser.cookie("JSESSIONID").orElseThrow();
        assertThat(session.getValue()).as("a new session id after login").isNotEqualTo(sessionBefore);
        Browser.Response account = browser.get(login.location());
        assertThat(account.status()).isEqualTo(200);
        assertThat(account.text()).contains("reader3@library.test");
        assertThat(lastAudit("reader3@library.test")).isEqualTo("login");
    }

    @Test
    void aWrongPasswordSendsBackToTheFormWithAnErrorAndIsAudited() {
        Browser.Response login = browser.submitLogin("reader6@library.test", "not-the-password");

        assertThat(login.status()).isEqualTo(302);
        assertThat(login.location()).endsWith("/library/login?error");
        assertThat(browser.get("/library/account").status())
                .as("still not logged in")
                .isEqualTo(302);
        assertThat(lastAudit("reader6@library.test")).isEqualTo("login-refused");
    }

    @Test
    void theLoginFormIsRefusedWithoutItsCsrfToken() {
        Browser.Response login =
                browser.postForm("/library/login", Map.of("username", "reader7@library.test", "password", PASSWORD));

        assertThat(login.status()).isEqualTo(403);
        assertThat(browser.get("/library/account").status()).isEqualTo(302);
    }

    @Test
    void anApiPostShapedLikeAFormNeedsTheCsrfTokenEvenWithTheCookie() {
        browser.loggedInAs("reader8@library.test", PASSWORD);
        long loans = loanCount();

        Browser.Response forged = browser.send(
                "POST",
                "/library/api/loans",
                "text/plain",
                ("{\"book\":\"" + api("books/" + seededBook(9)) + "\",\"member\":\"" + api("members/8")
                                + "\",\"dueOn\":\"2027-01-01\"}")
                        .getBytes());

        assertThat(forged.status()).as("a cross-site form could send this").isEqualTo(403);
        assertThat(loanCount()).isEqualTo(loans);
    }

    @Test
    void loggingOutEndsTheSession() {
        browser.loggedInAs("reader9@library.test", PASSWORD);
        assertThat(browser.get("/library/api/members/9").status()).isEqualTo(200);

        Browser.Response logout = browser.postJson("/library/logout", Map.of());
        assertThat(logout.status()).as("logout is a form: it needs the token").isEqualTo(403);
        String token = Browser.csrfTokenOf(browser.get("/library/account").text());
        Browser.Response loggedOut = browser.postForm("/library/logout", Map.of("_csrf", token));
        assertThat(loggedOut.status()).isEqualTo(302);
        assertThat(loggedOut.location()).endsWith("/library/shelf");
        assertThat(browser.get("/library/api/members/9").status()).isEqualTo(401);
    }

    private String lastAudit(String actor) {
        return jdbc.sql("select action from audit_events where actor = ? order by at desc limit 1")
                .param(actor)
                .query(String.class)
                .single();
    }

    private long loanCount() {
        return jdbc.sql("select count(*) from loans").query(Long.class).single();
    }
}
