package io.tillgate.gateway;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver (nothing is downloaded), with its console logged and
 * a profile of its own. Where no browser is installed a test using it is skipped, except in CI ({@code CI=true}), where
 * {@code .ci/run} installs one.
 */
final class Chromium implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver browser;
    private final Path profile;
    private final Path shots;

    private Chromium(ChromeDriver browser, Path profile, Path shots) {
        this.browser = browser;
        this.profile = profile;
        this.shots = shots;
    }

    /** A browser whose screenshots go to {@code shots}; the calling test is skipped where none is installed. */
    static Chromium start(Path shots) throws IOException {
        boolean installed = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must run the browser tests: install Debian's chromium and chromium-driver (.ci/run does)");
        }
        assumeTrue(installed, "Debian's chromium and chromium-driver are not installed");
        Path profile = Files.createTempDirectory("tillgate-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(BINARY.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1600,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        Files.createDirectories(shots);
        return new Chromium(new ChromeDriver(driver, options), profile, shots);
    }

    void screenshot(String name) {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(shot.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page, its screenshot and its console, kept for whoever reads a failure. */
    void keepFailure() throws IOException {
        screenshot("failure");
        Files.writeString(shots.resolve("failure.html"), browser.getPageSource());
        Files.write(shots.resolve("failure-console.txt"), console().stream().map(LogEntry::toString).toList());
    }

    /** What the page logged since the last call. */
    List<LogEntry> console() {
        return browser.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** The errors the page logged since the last call. */
    List<String> consoleErrors() {
        return console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() throws IOException {
        browser.quit();
        org.springframework.util.FileSystemUtils.deleteRecursively(profile);
    }
}
