package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.domain.Alarm;
import org.homeward.gateway.domain.AlarmKind;
import org.homeward.gateway.domain.AlarmState;
import org.homeward.gateway.domain.Priority;
import org.homeward.gateway.domain.Quality;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.processing.LatestValue;
import org.homeward.gateway.processing.PatientSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The nurse view in a real browser (Debian's headless chromium through /usr/bin/chromedriver;
 * Selenium Manager never downloads anything): sign in, board, a pushed alarm, acknowledgement by
 * name, and the stale banner across a server restart on the same port.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class NurseViewBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path temp;

    @Test
    void a_nurse_signs_in_acknowledges_a_pushed_alarm_and_sees_the_link_drop_and_recover() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: /usr/bin/chromium is not installed (apt-get install chromium)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "skipped: /usr/bin/chromedriver is not installed (apt-get install chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_AVOID_STATS", "true");

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        try (TestServer server = new TestServer().start()) {
            addHistory(server);
            WebDriver browser = new ChromeDriver(service, options());
            try {
                run(server, browser);
            } finally {
                browser.quit();
            }
        } finally {
            service.stop();
        }
    }

    private void run(TestServer server, WebDriver browser) throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        String base = "http://127.0.0.1:" + server.port;

        // Given a nurse who opens the view without a session: she is sent to sign in.
        browser.get(base + "/");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("user")).sendKeys(TestServer.NURSE);
        browser.findElement(By.id("password")).sendKeys(TestServer.PASSWORD);
        browser.findElement(By.id("login-submit")).click();

        // Then the board lists the monitored patients, with units.
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=patient-row]"), 2));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-patient='P-001'] [data-vital=temp]"), "38.4 °C"));
        assertThat(browser.getCurrentUrl()).doesNotContain("P-00");
        shot(browser, "1-board");

        // When the gateway raises a HIGH alarm for the second patient, it appears and that patient sorts first.
        Alarm alarm = FakePatientQuery.alarm("A-7", "P-002", Priority.HIGH, server.clock.millis());
        server.query.put(alarm);
        server.hub.onAlarm(alarm);
        By row = By.cssSelector("[data-testid=alarm-row][data-alarm='A-7']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(browser.findElement(row).getText()).contains("HIGH", "CRS-FEVER", "Bed B");
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=patient-row]")).get(0)
                .getAttribute("data-patient").equals("P-002"));

        // And the nurse acknowledges it with a note: the queue shows who acknowledged.
        WebElement alarmRow = browser.findElement(row);
        alarmRow.findElement(By.cssSelector("[data-testid=ack-note]")).sendKeys("called the caregiver");
        alarmRow.findElement(By.cssSelector("[data-testid=ack-button]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-alarm='A-7'] [data-testid=alarm-user]"), "Acknowledged by " + TestServer.NURSE));
        assertThat(server.query.alarms.get("A-7").user()).isEqualTo(TestServer.NURSE);
        shot(browser, "2-acknowledged");

        // The patient page opens without putting the patient in the URL, with trends labelled D+N.
        String urlBefore = browser.getCurrentUrl();
        browser.findElement(By.cssSelector("[data-patient='P-001'] [data-testid=patient-open]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=trend][data-vital=temp]")));
        assertThat(browser.findElement(By.cssSelector("[data-testid=trend][data-vital=temp]")).getText()).contains("D+", "38.0");
        // drawn by uPlot on a canvas, with the readings that were not of low confidence, and the baseline band
        wait.until(d -> TrendProbe.points(d, "temp") > 0);
        // (the oldest reading is exactly 24 h old: it may just have left the window when the page asks)
        assertThat(TrendProbe.points(browser, "temp")).isBetween(HISTORY_GOOD - 1, HISTORY_GOOD);
        assertThat(TrendProbe.bandShare(browser, "temp")).isGreaterThan(0.5);
        assertThat(browser.findElement(By.cssSelector("[data-testid=trend][data-vital=temp] [data-testid=baseline-key]"))
                .getText()).contains("baseline 36.4–37.2 °C", "mean ± 2 SD");
        // no heart-rate baseline: no band is painted there
        assertThat(TrendProbe.bandShare(browser, "hr")).isZero();
        assertThat(browser.getCurrentUrl()).isEqualTo(urlBefore).doesNotContain("P-001");
        shot(browser, "2b-patient");
        browser.findElement(By.cssSelector("[data-testid=patient-back]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=census]")));

        // When a temperature the patch had buffered arrives 6 min after it was measured, and confirms an alarm,
        // the board marks the value and the alarm as late, with the delay in the tooltip.
        long t = server.clock.millis();
        PatientSnapshot p1 = server.query.patients.get("P-001");
        java.util.Map<Vital, LatestValue> latest = new java.util.EnumMap<>(p1.latest());
        latest.put(Vital.TEMP, new LatestValue(38.4, t - 360_000, Quality.OK, "dev-P-001", t, true));
        PatientSnapshot late = new PatientSnapshot(p1.patientId(), p1.displayLabel(), p1.product(), p1.infusionDate(),
                p1.dayPostInfusion(), latest, p1.news2(), p1.openAlarms(), p1.devices(), p1.lastDataMillis(),
                p1.baselines());
        server.query.put(late);
        server.hub.onPatientChanged(late, new Reading("dev-P-001", "P-001", Vital.TEMP, 38.4, t - 360_000, t,
                Quality.OK, "Cel", true));
        By lateValue = By.cssSelector("[data-patient='P-001'] [data-vital=temp] [data-testid=late]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(lateValue));
        assertThat(browser.findElement(lateValue).getAttribute("title")).contains("arrived", "after it was measured");
        Alarm lateAlarm = new Alarm("A-8", "P-001", "CRS-FEVER", AlarmKind.PHYSIOLOGICAL, Priority.HIGH,
                AlarmState.ACTIVE, t, t, null, null, "temp ≥ 38 °C; LATE DATA", 0, null, 360_000);
        server.query.put(lateAlarm);
        server.hub.onAlarm(lateAlarm);
        By lateMark = By.cssSelector("[data-alarm='A-8'] [data-testid=late]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(lateMark));
        assertThat(browser.findElement(lateMark).getText()).isEqualToIgnoringCase("late");
        assertThat(browser.findElements(By.cssSelector("[data-alarm='A-7'] [data-testid=late]"))).isEmpty();

        // When the server goes away, the stale banner appears within seconds.
        By banner = By.cssSelector("[data-testid=stale-banner]");
        assertThat(browser.findElement(banner).isDisplayed()).isFalse();
        server.stop();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(banner));
        shot(browser, "3-connection-lost");

        // And when it is back on the same port, the view resyncs and the banner clears.
        server.start();
        new WebDriverWait(browser, Duration.ofSeconds(45)).until(ExpectedConditions.invisibilityOfElementLocated(banner));
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("[data-testid=patient-row]"), 2));
        shot(browser, "4-reconnected");
    }

    /** Readings in {@link #addHistory} that are not of low confidence: 72 minus every seventh. */
    private static final long HISTORY_GOOD = 72 - 72 / 7;

    /** 24 h of temperature every 20 min, rising to fever, with every seventh reading of low confidence; a baseline. */
    private static void addHistory(TestServer server) {
        long now = server.clock.millis();
        server.query.put(FakePatientQuery.withTempBaseline(FakePatientQuery.patient("P-001", "Bed A", 38.4, 95, now)));
        for (int i = 72; i > 0; i--) {
            long t = now - i * 20 * 60_000L;
            double temp = 36.6 + (72 - i) * 0.025;
            server.query.history.add(new Reading("dev-P-001", "P-001", Vital.TEMP, Math.round(temp * 10) / 10.0, t, t,
                    i % 7 == 0 ? Quality.LOW_CONFIDENCE : Quality.OK, "Cel", false));
        }
    }

    private ChromeOptions options() throws IOException {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1500,1000", "--user-data-dir=" + Files.createDirectories(temp.resolve("profile"))));
        return o;
    }

    private static void shot(WebDriver browser, String name) throws IOException {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Files.copy(f.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
