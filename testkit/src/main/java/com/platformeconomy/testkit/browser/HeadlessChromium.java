package com.platformeconomy.testkit.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} driven through Debian's
 * {@code chromedriver}, both named by path so that Selenium Manager never looks for (or downloads)
 * a browser of its own. {@code .ci/run} installs the two packages where they are missing; other
 * paths can be given with {@code -Dpes.chromium} and {@code -Dpes.chromedriver}.
 */
public final class HeadlessChromium implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser with a fresh profile and a window of {@code width × height} CSS pixels. */
    public static HeadlessChromium start(int width, int height) {
        String browser = System.getProperty("pes.chromium", "/usr/bin/chromium");
        String chromedriver = System.getProperty("pes.chromedriver", "/usr/bin/chromedriver");
        for (String binary : new String[] {browser, chromedriver}) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new IllegalStateException(binary + " is missing: apt-get install -y chromium chromium-driver");
            }
        }
        System.setProperty("webdriver.chrome.driver", chromedriver);
        try {
            Path profile = Files.createTempDirectory("pes-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(browser);
            // Root (as tests and CI run here) needs --no-sandbox; the rest keeps Chromium off the network.
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=en-US",
                    "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(chromedriver))
                    .usingAnyFreePort()
                    .build();
            // A browser that stops answering fails the test within a minute instead of hanging the build.
            ChromeDriver driver = new ChromeDriver(service, options,
                    ClientConfig.defaultConfig().readTimeout(Duration.ofSeconds(60)));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new HeadlessChromium(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Resizes the window, e.g. to a phone's width. */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the window shows as a PNG (creating the folder). */
    public void screenshot(Path png) {
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), png, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the whole page, not only what the window shows: the window grows to the page's height for the shot. */
    public void screenshotFullPage(Path png) {
        Dimension before = driver.manage().window().getSize();
        Number page = (Number) driver.executeScript("return document.documentElement.scrollHeight;");
        Number chrome = (Number) driver.executeScript("return window.outerHeight - window.innerHeight;");
        resize(before.getWidth(), page.intValue() + Math.max(0, chrome.intValue()));
        try {
            screenshot(png);
        } finally {
            resize(before.getWidth(), before.getHeight());
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary profile is harmless.
        }
    }
}
