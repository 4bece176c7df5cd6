package dev.strangler.gateway.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page, read in a real browser: headless Chromium driven through chromedriver (the Debian packages
 * {@code chromium} and {@code chromium-driver}, which {@code .ci/run} installs). What is asserted is what a
 * person sees on the page; the last view is saved as {@code target/status-page.png}, and the migrations as {@code
 * target/status-page-migrations.png}.
 */
class StatusPageTest extends GatewayTestBase {

    private static final Path SCREENSHOT = Path.of("target", "status-page.png");
    private static final Path MIGRATIONS_SCREENSHOT = Path.of("target", "status-page-migrations.png");
    private static final Duration SEEN_WITHIN = Duration.ofSeconds(15);

    private static WebDriver browser;

    @BeforeAll
    static void browser() {
        ChromeOptions options = new ChromeOptions()
                .setBinary(executable("CHROMIUM_BINARY", "/usr/bin/chromium"))
                .addArguments(
                        "--headless=new",
                        "--no-sandbox", // the tests run as root on CI machines
                        "--disable-dev-shm-usage",
                        "--disable-gpu",
                        "--window-size=1500,1800");
        // The driver named outright: Selenium Manager would otherwise try to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void routes() {
        MONOLITH.stubFor(get(urlPathEqualTo("/api/lamps/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"name\":\"Desk lamp\",\"price\":10.00,\"stock\":4}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/lamps/1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"name\":\"Desk lamp\",\"price\":12.50,\"stock\":4}")));
        MONOLITH.stubFor(get(urlPathEqualTo("/api/lamps/2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":2,\"name\":\"Floor lamp\"}")));
        SERVICE.stubFor(get(urlPathEqualTo("/api/lamps/2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":2,\"name\":\"<img src=x id=injected onerror=alert(1)>\"}")));
        useRoutes("""
                routes:
                  - {id: lamps-read, methods: [GET], paths: [/api/lamps/**], service: catalog, mode: monolith}
                """);
    }

    @Test
    void aPersonWithTheReadTokenSeesAModeChangeAfterAFlipAndAReadableShadowDiff() throws IOException {
        openPage();
        signIn(READ_TOKEN);
        assertThat(seen("tr[data-route='lamps-read'] td.mode", "monolith").getText())
                .isEqualTo("monolith");
        assertThat(browser.findElement(By.id("login")).isDisplayed())
                .as("the token form is gone once the page shows data")
                .isFalse();

        HttpResponse<String> flip = admin(
                "PUT", "/admin/routes/lamps-read", ADMIN_TOKEN, "{\"mode\":\"shadow\",\"reason\":\"compare lamps\"}");
        assertThat(flip.statusCode()).isEqualTo(200);
        assertThat(seen("tr[data-route='lamps-read'] td.mode", "shadow").getText())
                .as("the page follows the flip without a reload")
                .isEqualTo("shadow");
        assertThat(seen("#timeline tbody tr", "compare lamps").getText())
                .as("the flip is on the timeline, newest first, with who and why")
                .contains("admin", "lamps-read")
                .contains("shadow")
                .contains("compare lamps");

        assertThat(fetch("/api/lamps/1").body()).as("the monolith answers").contains("10.00");
        Diff diff = settled(() -> {
            WebElement mismatch = seen(".mismatch[data-route='lamps-read']", "/api/lamps/1");
            return new Diff(
                    mismatch.findElement(By.cssSelector(".differences")).getText(),
                    texts(mismatch, ".diff .monolith span.changed"),
                    texts(mismatch, ".diff .service span.changed"),
                    mismatch.findElement(By.cssSelector(".diff .service pre")).getText(),
                    mismatch.findElement(By.cssSelector(".diff .monolith h4")).getText());
        });
        assertThat(diff.differences()).contains("$.price");
        assertThat(diff.monolithChanged())
                .as("only the differing line is marked")
                .containsExactly("  \"price\": 10,");
        assertThat(diff.serviceChanged()).containsExactly("  \"price\": 12.5,");
        assertThat(diff.service())
                .as("the rest of the service's answer is there, unmarked")
                .contains("\"name\": \"Desk lamp\"", "\"stock\": 4");
        assertThat(diff.monolithHeading()).isEqualTo("monolith answered 200");

        Files.createDirectories(SCREENSHOT.getParent());
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    @Test
    void aPersonSeesWhatHappensNextInAFeaturesMigrationWithItsStreamsAndWhoOwnsWhichColumns() throws IOException {
        openPage();
        signIn(READ_TOKEN);
        assertThat(seen("#migrations p.empty", "no migration has reported").getText())
                .as("before any report")
                .contains("strangler migrate");

        HttpResponse<String> put = admin(
                "PUT",
                "/admin/migrations/catalog",
                ADMIN_TOKEN,
                "{\"feature\":\"catalog\",\"routes\":[\"lamps-read\"],\"writeRoutes\":[\"lamps-write\"],"
                        + "\"step\":2,\"steps\":5,\"phase\":\"canary 10%\",\"status\":\"running\","
                        + "\"since\":\"2026-12-01T10:00:00Z\","
                        + "\"next\":\"waiting for data: shadow comparisons 12 of 20\","
                        + "\"lastGates\":[\"error rate increase 0.1% <= 1%: pass\","
                        + "\"shadow mismatch rate <= 1% over 20+ comparisons: waiting (12 of 20)\"],"
                        + "\"streams\":[{\"stream\":\"catalog_forward\",\"state\":\"running\",\"lagMillis\":850,"
                        + "\"walRetainedBytes\":50960000,\"checkedAt\":\"2026-12-01T10:05:00Z\"}],"
                        + "\"ownership\":{\"products\":[\"price\",\"title\",\"description\"]}}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        WebElement feature = seen("article.migration[data-feature='catalog']", "catalog");
        assertThat(feature.findElement(By.cssSelector(".next")).getText())
                .as("what happens next, on a line of its own")
                .isEqualTo("waiting for data: shadow comparisons 12 of 20");
        assertThat(feature.findElement(By.cssSelector(".where")).getText()).startsWith("step 2/5 canary 10%");
        assertThat(feature.findElement(By.cssSelector(".status")).getText()).isEqualTo("running");
        assertThat(feature.findElement(By.cssSelector(".routes")).getText())
                .isEqualTo("routes: lamps-read; writes: lamps-write");
        assertThat(texts(feature, ".gates li"))
                .containsExactly(
                        "error rate increase 0.1% <= 1%: pass",
                        "shadow mismatch rate <= 1% over 20+ comparisons: waiting (12 of 20)");
        WebElement stream = feature.findElement(By.cssSelector(".streams tr[data-stream='catalog_forward']"));
        assertThat(stream.findElement(By.cssSelector(".lag")).getText()).isEqualTo("850 ms");
        assertThat(stream.findElement(By.cssSelector(".wal")).getText())
                .as("WAL retained in MiB, one decimal")
                .isEqualTo("48.6 MiB");
        assertThat(texts(feature, ".ownership li")).containsExactly("products: price, title, description → service");

        Files.createDirectories(MIGRATIONS_SCREENSHOT.getParent());
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, MIGRATIONS_SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(MIGRATIONS_SCREENSHOT)).isGreaterThan(10_000);

        admin(
                "PUT",
                "/admin/migrations/catalog",
                ADMIN_TOKEN,
                "{\"feature\":\"catalog\",\"routes\":[\"lamps-read\"],\"step\":5,\"steps\":5,"
                        + "\"phase\":\"service\",\"status\":\"done\",\"next\":\"nothing: every step passed\"}");
        assertThat(seen("article.migration[data-feature='catalog'] .next", "every step passed")
                        .getText())
                .as("the page follows the next report without a reload")
                .isEqualTo("nothing: every step passed");
        assertThat(texts(
                        browser.findElement(By.cssSelector("article.migration[data-feature='catalog']")),
                        ".ownership li"))
                .containsExactly("the monolith owns every column");
    }

    @Test
    void anAnswerThatCarriesMarkupIsShownAsTextNotRunAsPartOfThePage() {
        admin("PUT", "/admin/routes/lamps-read", ADMIN_TOKEN, "{\"mode\":\"shadow\",\"reason\":\"markup check\"}");
        fetch("/api/lamps/2");
        openPage();
        signIn(READ_TOKEN);

        assertThat(settled(() -> seen(".mismatch[data-route='lamps-read']", "/api/lamps/2")
                        .findElement(By.cssSelector(".diff .service pre"))
                        .getText()))
                .contains("<img src=x id=injected onerror=alert(1)>");
        assertThat(browser.findElements(By.id("injected")))
                .as("no element made from the body")
                .isEmpty();
    }

    @Test
    void aWrongTokenIsToldSoAndShowsNothing() {
        openPage();
        signIn("not-the-token-0123456789");
        WebElement error = new WebDriverWait(browser, SEEN_WITHIN)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).isEqualTo("the gateway did not accept the token");
        assertThat(browser.findElement(By.id("status")).isDisplayed()).isFalse();
    }

    @Test
    void thePageItselfHoldsNoDataAndIsServedWithAStrictContentSecurityPolicy() {
        HttpResponse<String> page = admin("GET", "/status", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'none'", "script-src 'self'"));
        assertThat(page.body()).doesNotContain("lamps-read");
        assertThat(admin("GET", "/admin/breakers", null, null).statusCode())
                .as("the data behind it needs a token")
                .isEqualTo(401);
    }

    @Test
    void theBreakersListShowsEachServiceBreakerWithItsState() throws Exception {
        admin("PUT", "/admin/routes/lamps-read", ADMIN_TOKEN, "{\"mode\":\"service\",\"reason\":\"use it\"}");
        assertThat(fetch("/api/lamps/1").body()).contains("12.50");
        HttpResponse<String> breakers = admin("GET", "/admin/breakers", READ_TOKEN, null);
        assertThat(breakers.statusCode()).isEqualTo(200);
        assertThat(breakers.body()).contains("\"name\":\"catalog\"", "\"state\":\"CLOSED\"");

        openPage();
        signIn(READ_TOKEN);
        assertThat(seen("tr[data-breaker='catalog'] td.state", "CLOSED").getText())
                .isEqualTo("CLOSED");
    }

    /** The page as a person opens it afresh: no token remembered from an earlier visit. */
    private void openPage() {
        String page = "http://127.0.0.1:" + admin.port() + "/status";
        browser.get(page);
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.get(page);
    }

    private void signIn(String token) {
        WebElement field = new WebDriverWait(browser, SEEN_WITHIN)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.id("show")).click();
    }

    /** What a shadow mismatch shows, read in one go. */
    private record Diff(
            String differences,
            List<String> monolithChanged,
            List<String> serviceChanged,
            String service,
            String monolithHeading) {}

    /**
     * Reads the page again when it redrew the elements being read meanwhile: it redraws every 2 s, and an element
     * found just before a redraw is gone (stale) just after.
     */
    private static <T> T settled(Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** The element under {@code css} that shows {@code text}, once the page shows it (it redraws every 2 s). */
    private static WebElement seen(String css, String text) {
        return new WebDriverWait(browser, SEEN_WITHIN)
                .ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector(css)).stream()
                        .filter(WebElement::isDisplayed)
                        .filter(e -> e.getText().contains(text))
                        .findFirst()
                        .orElse(null));
    }

    private static List<String> texts(WebElement in, String css) {
        return in.findElements(By.cssSelector(css)).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static String executable(String env, String fallback) {
        String path = System.getenv(env) == null ? fallback : System.getenv(env);
        assertThat(new File(path))
                .as("%s: install the Debian packages chromium and chromium-driver (.ci/run does), or set %s", path, env)
                .isExecutable();
        return path;
    }
}
