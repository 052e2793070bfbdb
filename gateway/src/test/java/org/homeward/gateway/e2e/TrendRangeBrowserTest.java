package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.homeward.gateway.web.TrendProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Trends fit the data a patient has (docs/api.md, nurse view): a patient with under an hour of readings opens
 * on the 1 h window with its readings drawn, and 6 h / 24 h / 72 h stay one click away. Failed before: the
 * page had only 24 h and 72 h, opened on 24 h, and had no 1 h button.
 */
@Timeout(180)
class TrendRangeBrowserTest {
    @TempDir
    Path dir;

    @Test
    void givenAPatientWithAnHourOfDataWhenTheNurseOpensThePageThenTheOneHourTrendShowsItsReadings() throws Exception {
        GatewayFixture gw = new GatewayFixture(dir.resolve("data"));
        try {
            gw.patient("p-trend", "Bed 9", 1);
            String secret = gw.device("d-trend", "p-trend", "patch");
            gw.start(Map.of());
            var mqtt = gw.paho("d-trend", secret);
            long start = System.currentTimeMillis() / 1000 - 50 * 60;
            StringBuilder pack = new StringBuilder("[{\"bt\":" + start + ",\"bu\":\"Cel\",\"n\":\"temp\",\"v\":36.6}");
            for (int i = 1; i <= 25; i++) {
                pack.append(",{\"n\":\"temp\",\"t\":").append(i * 120).append(",\"v\":").append(36.5 + (i % 4) * 0.1)
                        .append('}');
            }
            mqtt.publish("v1/devices/d-trend/senml", pack.append(']').toString().getBytes(StandardCharsets.UTF_8), 1, false);
            mqtt.disconnect();
            mqtt.close();
            try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("profile"), 1400, 1000)) {
                WebDriver browser = chromium.driver;
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45));
                wait.ignoring(StaleElementReferenceException.class);
                chromium.signIn("http://127.0.0.1:" + gw.port("http"), GatewayFixture.NURSE, GatewayFixture.NURSE_PASSWORD,
                        wait);
                wait.until(d -> {
                    d.findElement(By.cssSelector("[data-testid=patient-row][data-patient='p-trend'] "
                            + "[data-testid=patient-open]")).click();
                    return true;
                });
                By range1 = By.cssSelector("[data-testid=range-1h]");
                wait.until(ExpectedConditions.attributeToBe(range1, "aria-pressed", "true"));
                wait.until(d -> TrendProbe.points(d, "temp") >= 26);
                assertThat(browser.findElement(By.cssSelector("[data-testid=range-24h]")).getAttribute("aria-pressed"))
                        .isEqualTo("false");
                chromium.screenshot("trend-1h-fit");
                browser.findElement(By.cssSelector("[data-testid=range-6h]")).click();
                wait.until(ExpectedConditions.attributeToBe(By.cssSelector("[data-testid=range-6h]"), "aria-pressed", "true"));
                wait.until(d -> TrendProbe.points(d, "temp") >= 26);
                assertThat(browser.findElement(range1).getAttribute("aria-pressed")).isEqualTo("false");
            }
        } finally {
            gw.close();
        }
    }
}
