package org.homeward.gateway.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's /usr/bin/chromedriver. The driver and the
 * browser binary are given explicitly, so Selenium Manager never downloads anything. Sound may
 * start without a gesture ({@code --autoplay-policy}); the page still creates its AudioContext
 * only after a click, as in a real browser.
 */
public final class HeadlessChromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    public final ChromeDriver driver;
    private final ChromeDriverService service;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** Skips the calling test (with the reason) when chromium or chromedriver is not installed. */
    public static HeadlessChromium start(Path profileDir, int width, int height) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: /usr/bin/chromium is not installed (apt-get install chromium)");
        assumeTrue(Files.isExecutable(CHROMEDRIVER),
                "skipped: /usr/bin/chromedriver is not installed (apt-get install chromium-driver)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        System.setProperty("SE_AVOID_STATS", "true");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--user-data-dir=" + Files.createDirectories(profileDir)));
        try {
            return new HeadlessChromium(service, new ChromeDriver(service, o));
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    /** Opens {@code base}/, is sent to the sign-in page, signs in and waits for the census board. */
    public void signIn(String base, String user, String password, WebDriverWait wait) {
        driver.get(base + "/");
        signInHere(user, password, wait);
    }

    /** Signs in on the sign-in page the browser is on (or is being sent to). */
    void signInHere(String user, String password, WebDriverWait wait) {
        wait.until(ExpectedConditions.urlContains("/login"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user"))).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-testid=census]")));
    }

    /** Saves a PNG to target/screenshots/{name}.png and returns its path. */
    public Path screenshot(String name) throws IOException {
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(SCREENSHOTS);
        Path to = SCREENSHOTS.resolve(name + ".png");
        Files.copy(f.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /** As {@link #screenshot}, with the window made as tall as the whole page for the shot. */
    Path fullPageScreenshot(String name) throws IOException {
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(),
                Math.min(4000, height.intValue() + before.getHeight() - viewportHeight())));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    private int viewportHeight() {
        return ((Number) driver.executeScript("return window.innerHeight;")).intValue();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
