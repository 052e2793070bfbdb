package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page in headless Chromium: an admin reaches it from the nurse view, adds a device with
 * the keyboard and sees its one-time secret (which a real Paho client then connects with), revokes
 * it, and adds and disables a user.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AdminPageBrowserTest {
    @TempDir
    static Path dir;
    @TempDir
    static Path profile;
    GatewayFixture gw;
    HeadlessChromium chromium;

    @BeforeAll
    void start() throws Exception {
        gw = new GatewayFixture(dir);
        gw.admin.addUser(AuditEndToEndTest.ADMIN, "admin", AuditEndToEndTest.ADMIN_PASSWORD.toCharArray(), "test");
        gw.patient("p-page-1");
        gw.start(Map.of());
        chromium = HeadlessChromium.start(profile, 1280, 900);
    }

    @AfterAll
    void stop() {
        if (chromium != null) {
            chromium.close();
        }
        gw.close();
    }

    private By testid(String id) {
        return By.cssSelector("[data-testid=" + id + "]");
    }

    @Test
    void anAdminAddsADeviceSeesItsSecretOnceRevokesItAndDisablesAUser() throws Exception {
        String base = "http://127.0.0.1:" + gw.port("http");
        WebDriverWait wait = new WebDriverWait(chromium.driver, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);                     // the tables are re-rendered
        chromium.signIn(base, AuditEndToEndTest.ADMIN, AuditEndToEndTest.ADMIN_PASSWORD, wait);
        wait.until(ExpectedConditions.visibilityOfElementLocated(testid("nav-admin"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(testid("device-add")));
        wait.until(d -> new Select(d.findElement(testid("device-add-patient"))).getOptions().size() > 0);

        WebElement id = chromium.driver.findElement(testid("device-add-id"));
        id.sendKeys("d-page-1");
        new Select(chromium.driver.findElement(testid("device-add-kind"))).selectByVisibleText("oximeter");
        chromium.driver.findElement(testid("device-add-id")).sendKeys(Keys.ENTER);       // submit from the keyboard
        WebElement secret = wait.until(ExpectedConditions.visibilityOfElementLocated(testid("secret-value")));
        wait.until(d -> !secret.getText().isBlank());
        String shown = secret.getText().trim();
        MqttClient device = gw.paho("d-page-1", shown);
        assertThat(device.isConnected()).isTrue();
        chromium.driver.findElement(testid("secret-done")).click();
        assertThat(chromium.driver.findElement(testid("secret-box")).isDisplayed()).isFalse();

        By row = By.cssSelector("[data-testid=device-row][data-device='d-page-1']");
        wait.until(d -> {
            d.findElement(row).findElement(testid("device-revoke")).click();
            return true;
        });
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> d.findElement(row).findElement(testid("device-state")).getText().equals("revoked"));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !device.isConnected());
        device.close(true);

        chromium.driver.findElement(testid("user-add-name")).sendKeys("nurse9");
        chromium.driver.findElement(testid("user-add-password")).sendKeys("nurse9-password", Keys.ENTER);
        By userRow = By.cssSelector("[data-testid=user-row][data-user='nurse9']");
        wait.until(d -> {
            d.findElement(userRow).findElement(testid("user-disable")).click();
            return true;
        });
        wait.until(d -> d.findElement(userRow).findElement(testid("user-enabled")).getText().equals("no"));
        assertThat(gw.getJson("/api/patients").toString()).contains("p-page-1");  // the nurse view's API still answers
    }
}
