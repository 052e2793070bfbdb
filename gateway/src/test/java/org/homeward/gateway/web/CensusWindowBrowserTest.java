package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.e2e.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The census board with hundreds of patients in headless Chromium: only the rows around the
 * viewport exist in the DOM, each of the fixed height the window arithmetic assumes, the table
 * tells screen readers the full row count, scrolling brings the other rows in, the keyboard walks
 * through all patients, and a row that holds the focus keeps it when a new alarm re-sorts it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CensusWindowBrowserTest {
    private static final int EXTRA = 400; // plus TestServer's P-001 and P-002
    private static final String ROW_IDS = "return [...document.querySelectorAll('#census-body tr[data-patient]')]"
            + ".map((r) => r.dataset.patient);";
    private static final String FOCUSED = "const r = document.activeElement && document.activeElement.closest('tr');"
            + " return r ? r.dataset.patient : null;";

    @TempDir
    Path dir;

    @Test
    void only_visible_rows_are_rendered_and_focus_survives_scrolling_keys_and_resorting() throws Exception {
        try (TestServer server = new TestServer().start();
             HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("profile"), 1500, 1000)) {
            long now = server.clock.millis();
            for (int i = 0; i < EXTRA; i++) {
                server.query.put(FakePatientQuery.patient(String.format(Locale.ROOT, "P-%03d", 100 + i),
                        "Bed " + (100 + i), 36.5, 70, now));
            }
            WebDriver browser = chromium.driver;
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45));
            chromium.signIn("http://127.0.0.1:" + server.port, TestServer.NURSE, TestServer.PASSWORD, wait);

            // Given 402 patients, the table announces all of them but holds only a window of rows.
            wait.until(d -> d.findElement(By.id("census-count")).getText().startsWith("402 patients"));
            assertThat(browser.findElement(By.id("census")).getAttribute("aria-rowcount")).isEqualTo("403");
            List<String> rows = ids(browser);
            assertThat(rows).hasSizeBetween(5, 80).startsWith("P-001", "P-002", "P-100");
            assertThat(js(browser, "return [...document.querySelectorAll('#census-body tr[data-patient]')]"
                    + ".every((r) => r.offsetHeight === 58);")).isEqualTo(true);
            assertThat(js(browser, "return document.querySelector('#census-body tr[data-patient]')"
                    + ".getAttribute('aria-rowindex');")).isEqualTo("2");

            // When the nurse scrolls to the end, the last rows come in and the first ones leave.
            js(browser, "const s = document.getElementById('census-scroll'); s.scrollTop = s.scrollHeight;");
            wait.until(d -> ids(d).contains("P-499"));
            assertThat(ids(browser)).doesNotContain("P-001").hasSizeLessThan(80);

            // The keyboard walks through every patient: Home and End, arrows, across the window.
            js(browser, "document.getElementById('census-scroll').scrollTop = 0;");
            wait.until(d -> ids(d).contains("P-001"));
            browser.findElement(By.cssSelector("[data-patient='P-001'] [data-testid=patient-open]")).sendKeys(Keys.END);
            wait.until(d -> "P-499".equals(js(d, FOCUSED)));
            browser.switchTo().activeElement().sendKeys(Keys.ARROW_UP);
            wait.until(d -> "P-498".equals(js(d, FOCUSED)));
            browser.switchTo().activeElement().sendKeys(Keys.HOME);
            wait.until(d -> "P-001".equals(js(d, FOCUSED)));

            // A focused row stays (and keeps the focus) when the nurse scrolls it out of the window ...
            for (int i = 0; i < 20; i++) {
                browser.switchTo().activeElement().sendKeys(Keys.ARROW_DOWN);
            }
            wait.until(d -> "P-118".equals(js(d, FOCUSED)));
            js(browser, "const s = document.getElementById('census-scroll'); s.scrollTop = s.scrollHeight;");
            wait.until(d -> ids(d).contains("P-499"));
            assertThat(ids(browser)).contains("P-118").doesNotContain("P-117", "P-119");
            assertThat(js(browser, FOCUSED)).isEqualTo("P-118");
            // ... and when a HIGH alarm moves it to the top.
            Alarm alarm = FakePatientQuery.alarm("A-9", "P-118", Priority.HIGH, server.clock.millis());
            server.query.put(alarm);
            server.hub.onAlarm(alarm);
            wait.until(d -> ids(d).get(0).equals("P-118"));
            assertThat(js(browser, FOCUSED)).isEqualTo("P-118");
            chromium.screenshot("census-window-402");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(WebDriver d) {
        return (List<String>) js(d, ROW_IDS);
    }

    private static Object js(WebDriver d, String script) {
        return ((JavascriptExecutor) d).executeScript(script);
    }
}
