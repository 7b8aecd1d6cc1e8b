package com.platformeconomy.testkit.browser;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a test of a service's pages in a real headless Chromium extends: one browser for the test
 * class (1280 × 1300 CSS pixels), closed after it, and the steps every page test takes: sign in with a
 * pasted token, wait for a title, read an element's text, reach a control by keyboard, save screenshots.
 */
public abstract class BrowserTestBase {

    /** The width and height the browser starts with, and that tests resize back to. */
    protected static final int WIDTH = 1280;
    protected static final int HEIGHT = 1300;

    protected static HeadlessChromium chromium;

    @BeforeAll
    static void startBrowser() {
        chromium = HeadlessChromium.start(WIDTH, HEIGHT);
    }

    @AfterAll
    static void closeBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    /** Pastes {@code token} into the sign-in form and waits for the page that follows. */
    protected static void signIn(WebDriver browser, String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        field.submit();
        awaitGone(browser, field);
    }

    /**
     * Waits until {@code element} has left the document (the page it was on was replaced). As
     * Selenium's {@code stalenessOf}, and also when Chromium's driver reports the element's node as
     * no longer in the document with an "unknown error" instead of a stale reference, which it does
     * when the page is replaced during the check.
     */
    protected static void awaitGone(WebDriver browser, WebElement element) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException | NoSuchElementException gone) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    protected static void awaitTitle(WebDriver browser, String title) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.titleContains(title));
    }

    /** The visible text of the element with {@code id}, stripped. */
    protected static String text(WebDriver browser, String id) {
        return browser.findElement(By.id(id)).getText().strip();
    }

    /** From the top of the page, presses Tab until the element with {@code id} has the focus (keyboard only), and returns it. */
    protected static WebElement tabTo(ChromeDriver browser, String id) {
        browser.navigate().refresh();
        for (int i = 0; i < 40; i++) {
            WebElement focused = browser.switchTo().activeElement();
            if (id.equals(focused.getAttribute("id"))) {
                return focused;
            }
            new Actions(browser).sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached #" + id);
    }

    /** Where screenshots go: target/screenshots, or -Dpes.screenshots.dir (the README's docs/ run). */
    protected static Path screenshots() {
        return Path.of(System.getProperty("pes.screenshots.dir", "target/screenshots"));
    }
}
