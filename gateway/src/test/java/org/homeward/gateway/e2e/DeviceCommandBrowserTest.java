package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The nurse view in headless Chromium (issue 16): "Measure blood pressure now" on the page of a
 * patient with a BP cuff sends the command to a real Paho MQTT 5 cuff, which answers, and the page
 * shows the command answered without a reload; and a discharged patient's row leaves an open board
 * live (issue 16 C). Failed before: there was no button, and the row stayed until a reload.
 */
@Timeout(240)
class DeviceCommandBrowserTest {
    @TempDir
    Path dir;

    @Test
    void givenACuffOnlineWhenTheNurseClicksMeasureThenThePageShowsTheAnswerLiveAndADischargeDropsTheRow()
            throws Exception {
        GatewayFixture gw = new GatewayFixture(dir.resolve("data"));
        try {
            gw.patient("p-ui-cuff", "Bed 3", 2);
            gw.patient("p-ui-gone", "Bed 4", 2);
            String secret = gw.device("d-ui-cuff", "p-ui-cuff", "bp-cuff");
            gw.start(Map.of());
            try (CommandCuff cuff = new CommandCuff(gw.port("mqtt"), "d-ui-cuff", secret, true,
                    "{\"status\":\"done\",\"detail\":\"measured 117/74\"}");
                 HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("profile"), 1400, 1000)) {
                WebDriver browser = chromium.driver;
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(45));
                wait.ignoring(StaleElementReferenceException.class);
                chromium.signIn("http://127.0.0.1:" + gw.port("http"), GatewayFixture.NURSE, GatewayFixture.NURSE_PASSWORD,
                        wait);
                By gone = By.cssSelector("[data-testid=patient-row][data-patient='p-ui-gone']");
                wait.until(d -> !d.findElements(gone).isEmpty());
                gw.admin.episodes().discharge("p-ui-gone", "recovered", "test");
                wait.until(d -> d.findElements(gone).isEmpty());   // no reload: the live feed's 'removed'

                wait.until(d -> {
                    d.findElement(By.cssSelector("[data-testid=patient-row][data-patient='p-ui-cuff'] "
                            + "[data-testid=patient-open]")).click();
                    return true;
                });
                WebElement measure = wait.until(d -> d.findElement(By.cssSelector("[data-testid=measure-bp]")));
                assertThat(measure.getText()).isEqualTo("Measure blood pressure now");
                measure.click();
                By answered = By.cssSelector("[data-testid=command-row][data-state=answered]");
                WebElement row = wait.until(d -> d.findElement(answered));
                assertThat(row.getText()).contains("blood-pressure", "done", "measured 117/74", GatewayFixture.NURSE);
                assertThat(cuff.got).hasSize(1);
                chromium.screenshot("command-answered");
            }
        } finally {
            gw.close();
        }
    }
}
