package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.homeward.gateway.web.TrendProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.StaleElementReferenceException;

/**
 * The nurse view in Debian's headless Chromium against a real gateway (in this JVM) fed by
 * simulated devices over MQTT: sign in; the board lists the patients with live-changing values in
 * their units, low-confidence values greyed, device battery and signal; a fever confirmed by the
 * patch raises a HIGH CRS-FEVER alarm that sounds, is acknowledged by name and shows who; the
 * patient page draws trends; stopping the gateway shows the stale banner, and after a restart on
 * the same ports the view is live again (sessions are in memory, so the nurse signs in again).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NurseViewRealDataBrowserTest {
    private static final By ROWS = By.cssSelector("[data-testid=patient-row]");
    private static final By BANNER = By.cssSelector("[data-testid=stale-banner]");
    private static final By FEVER_ALARM = By.xpath("//*[@data-testid='alarms-physiological']"
            + "/li[@data-testid='alarm-row'][@data-priority='HIGH'][contains(., 'CRS-FEVER')]");

    @TempDir
    Path dir;

    @Test
    void aNurseSeesLiveDevicesHearsAndAcknowledgesAFeverAndSeesTheLinkDropAndRecover() throws Exception {
        GatewayFixture gw = new GatewayFixture(dir.resolve("data"));
        try (SimulatedWard ward = new SimulatedWard()) {
            gw.admin.addUser("admin1", "admin", "admin1-password".toCharArray(), "test");
            SimulatedWard.Kit bed1 = ward.add(gw, "p-ward-1", "Bed 1", 36.7, 72, 0.03, 64);
            SimulatedWard.Kit bed2 = ward.add(gw, "p-ward-2", "Bed 2", 37.1, 80, 0.03, 71);
            SimulatedWard.Kit bed3 = ward.add(gw, "p-ward-3", "Bed 3", 36.5, 66, 0.004, 12); // PI 0.4 %, battery 12 %
            gw.start(Map.of());
            ward.connect(gw.port("mqtt"));
            for (SimulatedWard.Kit k : List.of(bed1, bed2, bed3)) {
                ward.backfill(k, 24, 6);
            }
            ward.quietPatch(bed2);
            ward.startFeed();
            try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("profile"), 1600, 1000)) {
                run(gw, ward, bed2, chromium);
            }
        } finally {
            gw.close();
        }
    }

    private void run(GatewayFixture gw, SimulatedWard ward, SimulatedWard.Kit crs, HeadlessChromium chromium)
            throws Exception {
        WebDriver browser = chromium.driver;
        // the board re-renders rows as live data arrives: an element found a moment ago may be replaced
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45));
        wait.ignoring(StaleElementReferenceException.class);
        String base = "http://127.0.0.1:" + gw.port("http");

        // Given a signed-in nurse, the board lists the three simulated patients with their devices' values.
        chromium.signIn(base, GatewayFixture.NURSE, GatewayFixture.NURSE_PASSWORD, wait);
        wait.until(ExpectedConditions.numberOfElementsToBe(ROWS, 3));
        By hr1 = cell("p-ward-1", "[data-vital=hr] .value");
        wait.until(ExpectedConditions.textMatches(hr1, java.util.regex.Pattern.compile("\\d+ /min")));
        String firstHr = text(browser, hr1);
        // And the values are live: the next readings change what is shown.
        wait.until(d -> !d.findElement(hr1).getText().equals(firstHr));
        assertThat(text(browser, cell("p-ward-1", "[data-vital=temp] .value"))).matches("3\\d\\.\\d °C");
        assertThat(text(browser, cell("p-ward-1", "[data-vital=spo2] .value"))).matches("\\d+ %");
        assertThat(text(browser, cell("p-ward-1", "[data-vital=rr] .value"))).matches("\\d+ /min");
        wait.until(d -> d.findElement(cell("p-ward-1", "[data-testid=devices]")).getText().contains("dBm"));
        assertThat(text(browser, cell("p-ward-1", "[data-testid=devices]")))
                .contains("patch", "oximeter", "bat ", "-98 dBm");
        // Low perfusion makes the oximeter's values low-confidence: greyed and said in words; good ones are not.
        wait.until(d -> d.findElement(cell("p-ward-3", "[data-vital=spo2]")).getAttribute("class").contains("low-conf"));
        assertThat(text(browser, cell("p-ward-3", "[data-vital=spo2]"))).contains("low conf.");
        assertThat(attr(browser, cell("p-ward-1", "[data-vital=spo2]"), "class")).doesNotContain("low-conf");
        assertThat(text(browser, cell("p-ward-1", "[data-testid=news2]"))).contains("partial");
        assertThat(browser.getCurrentUrl()).doesNotContain("p-ward");
        // Bed 3's oximeter battery is low: a technical alarm, listed apart from the clinical ones.
        By lowBattery = By.xpath("//*[@data-testid='alarms-technical']/li[@data-testid='alarm-row'][contains(., 'LOW-BATTERY')]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(lowBattery));
        assertThat(text(browser, lowBattery)).contains("LOW", "Bed 3");
        assertThat(text(browser, By.cssSelector("[data-testid=alarms-physiological]"))).doesNotContain("LOW-BATTERY");
        assertThat(browser.findElements(cell("p-ward-3", "[data-testid=device].battery-low"))).hasSize(1);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(cell("p-ward-3", "[data-testid=worst-alarm]"),
                "LOW LOW-BATTERY (technical)"));

        // A click anywhere lets the page make sound (browsers need a gesture); no alarm, no tone yet.
        browser.findElement(By.id("census-title")).click();
        assertThat(attr(browser, By.tagName("body"), "data-tone-played")).isNull();

        // When Bed 2's patch confirms a fever, a HIGH CRS-FEVER alarm appears, sounds, and Bed 2 sorts first.
        ward.fever(crs);
        wait.until(ExpectedConditions.visibilityOfElementLocated(FEVER_ALARM));
        assertThat(text(browser, FEVER_ALARM)).contains("HIGH", "Bed 2", "Active");
        wait.until(d -> "p-ward-2".equals(d.findElements(ROWS).get(0).getAttribute("data-patient")));
        assertThat(text(browser, cell("p-ward-2", "[data-testid=worst-alarm]"))).contains("HIGH CRS-FEVER");
        wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-tone-played") != null);
        wait.until(ExpectedConditions.textMatches(cell("p-ward-2", "[data-vital=temp] .value"),
                java.util.regex.Pattern.compile("38\\.\\d °C")));
        keep(chromium.screenshot("real-1-board-fever"), "nurse-view-board.png");

        // And the nurse acknowledges it with a note: the queue shows who, and the gateway recorded her name.
        WebElement alarm = browser.findElement(FEVER_ALARM);
        alarm.findElement(By.cssSelector("[data-testid=ack-note]")).sendKeys("called the caregiver");
        alarm.findElement(By.cssSelector("[data-testid=ack-button]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.xpath("//li[@data-testid='alarm-row'][contains(., 'CRS-FEVER')]//*[@data-testid='alarm-user']"),
                "Acknowledged by " + GatewayFixture.NURSE));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(cell("p-ward-2", "[data-testid=worst-alarm]"),
                "HIGH CRS-FEVER (acknowledged)"));
        JsonNode acked = feverAlarm(gw);
        assertThat(acked.path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(acked.path("user").asText()).isEqualTo(GatewayFixture.NURSE);
        assertThat(acked.path("note").asText()).isEqualTo("called the caregiver");
        chromium.screenshot("real-2-acknowledged");

        // An admin lowers Bed 2's SpO2 limit through the API; the patient page lists the change with the reason.
        assertThat(changeThresholds(gw, "p-ward-2", "{\"spo2Low\":88,\"reason\":\"COPD, target 88-92, Dr B\"}"))
                .isEqualTo(200);

        // The patient page draws the trends from the gateway's history, with the 38.0 °C line.
        wait.until(d -> {
            d.findElement(cell("p-ward-2", "[data-testid=patient-open]")).click(); // retried if the row was just replaced
            return true;
        });
        By tempTrend = By.cssSelector("figure[data-testid=trend][data-vital=temp]");
        wait.until(ExpectedConditions.visibilityOfElementLocated(tempTrend));
        // drawn by uPlot (a canvas in .uplot) with the history, and the patient's learned baseline band shaded
        wait.until(d -> TrendProbe.points(d, "temp") >= 60);
        assertThat(TrendProbe.points(browser, "hr")).isGreaterThanOrEqualTo(60);
        assertThat(text(browser, tempTrend)).contains("38.0", "D+", "baseline");
        JsonNode baselines = gw.getJson("/api/patients/p-ward-2").path("baselines");
        assertThat(baselines.path("temp").path("samples").asInt()).isPositive();
        assertThat(TrendProbe.bandShare(browser, "temp")).isGreaterThan(0.5);
        assertThat(TrendProbe.bandShare(browser, "hr")).isGreaterThan(0.5);
        assertThat(text(browser, By.cssSelector("[data-testid=news2-total]"))).contains("NEWS2");
        assertThat(browser.getCurrentUrl()).doesNotContain("p-ward");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(
                "[data-testid=history] [data-testid=history-item][data-kind=threshold]"), "COPD, target 88-92, Dr B"));
        keep(chromium.fullPageScreenshot("real-3-patient"), "nurse-view-patient.png");
        browser.findElement(By.cssSelector("[data-testid=patient-back]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=census]")));

        // When the gateway stops, the stale banner comes up within seconds.
        assertThat(browser.findElement(BANNER).isDisplayed()).isFalse();
        gw.stop();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(BANNER));
        chromium.screenshot("real-4-connection-lost");

        // And when it is back on the same ports, the page notices at once; sessions live in memory, so
        // the nurse signs in again and the board is live without the banner, fed by the reconnected devices.
        gw.startAgainOnSamePorts(Map.of());
        chromium.signInHere(GatewayFixture.NURSE, GatewayFixture.NURSE_PASSWORD, wait);
        wait.until(ExpectedConditions.numberOfElementsToBe(ROWS, 3));
        assertThat(browser.findElement(BANNER).isDisplayed()).isFalse();
        wait.until(ExpectedConditions.visibilityOfElementLocated(FEVER_ALARM));
        wait.until(ExpectedConditions.visibilityOfElementLocated(hr1));
        String hrAfter = text(browser, hr1);  // re-found: the windowed board replaces rows on live updates
        wait.until(d -> !text(d, hr1).equals(hrAfter));
        assertThat(browser.findElement(BANNER).isDisplayed()).isFalse();
        chromium.screenshot("real-5-reconnected");
    }

    /** Text of the element now, found afresh until it is stable (rows are replaced by live updates). */
    private static String text(WebDriver d, By by) {
        return fresh(d, by, e -> e.getText());
    }

    private static String attr(WebDriver d, By by, String name) {
        return fresh(d, by, e -> e.getAttribute(name));
    }

    private static String fresh(WebDriver d, By by, java.util.function.Function<WebElement, String> read) {
        StaleElementReferenceException last = null;
        for (int i = 0; i < 20; i++) {
            try {
                return read.apply(d.findElement(by));
            } catch (StaleElementReferenceException e) {
                last = e;
            }
        }
        throw last;
    }

    private static By cell(String patient, String inner) {
        return By.cssSelector("[data-testid=patient-row][data-patient='" + patient + "'] " + inner);
    }

    private static JsonNode feverAlarm(GatewayFixture gw) throws Exception {
        for (JsonNode a : gw.getJson("/api/alarms?open=true").path("alarms")) {
            if (a.path("rule").asText().equals("CRS-FEVER") && a.path("patient").asText().equals("p-ward-2")) {
                return a;
            }
        }
        throw new AssertionError("no open CRS-FEVER alarm for p-ward-2");
    }

    /** With {@code -Dhomeward.docs.screenshots=true}, copies a screenshot into docs/img/ for the README. */
    /** PUT /api/patients/{id}/thresholds as the admin (HTTP Basic); returns the status. */
    private static int changeThresholds(GatewayFixture gw, String patient, String body) throws Exception {
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + gw.port("http") + "/api/patients/" + patient + "/thresholds"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        "admin1:admin1-password".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(req, java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private static void keep(Path shot, String name) throws java.io.IOException {
        Path docs = Path.of(System.getProperty("homeward.repo.root", "..")).resolve("docs");
        if (Boolean.getBoolean("homeward.docs.screenshots") && Files.isDirectory(docs)) {
            Files.createDirectories(docs.resolve("img"));
            Files.copy(shot, docs.resolve("img").resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
