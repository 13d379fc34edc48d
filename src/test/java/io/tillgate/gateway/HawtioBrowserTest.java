package io.tillgate.gateway;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.seed003Purchase;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hawtio as an operator sees it: a headless {@link Chromium} logs in as the viewer, finds tillgate's routes with their
 * exchange counts, draws their diagrams without an error, and cannot stop a route. Screenshots go to
 * {@code target/hawtio/}.
 */
class HawtioBrowserTest extends GatewayTest {
    private static Chromium chromium;
    private static WebDriver browser;

    @Autowired
    CamelContext camel;

    @BeforeAll
    static void browser() throws IOException {
        chromium = Chromium.start(Path.of("target/hawtio"));
        browser = chromium.browser;
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aViewerSeesTheRoutesWithTheirCountsAndDiagramsAndCannotStopARoute() throws IOException {
        try {
            viewerSession();
        } catch (RuntimeException | AssertionError e) { // what the browser showed, for whoever reads the failure
            chromium.keepFailure();
            throw e;
        }
    }

    private void viewerSession() {
        String txn = unique("T");
        assertThat(client.send(envelope("store-1", unique("r"), seed003Purchase(txn))).status()).isEqualTo(200);
        awaitOutcomes("store-1", txn, 1);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get("http://localhost:" + port + "/actuator/hawtio/camel/routes");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("viewer");
        browser.findElement(By.id("password")).sendKeys("demo-secret");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        for (String route : List.of("pos-send-transaction", "transaction-worker", "pos-get-transaction")) {
            wait.until(ExpectedConditions.visibilityOfElementLocated(treeItem(route)));
        }
        openRoutesTable(wait);
        long completed = managedCamel().getManagedRoute("pos-send-transaction").getExchangesCompleted();
        assertThat(completed).isPositive();
        wait.until(d -> cell(routeRow("pos-send-transaction"), 4).equals(Long.toString(completed)));
        assertThat(cell(routeRow("pos-send-transaction"), 2)).isEqualTo("Started");
        assertThat(browser.findElements(By.xpath("//tr[.//td[normalize-space()='bench-baseline-consumer']]"))).isEmpty();
        screenshot("routes");

        // the worker first: its diagram broke every diagram drawn after it in the same page
        assertThat(diagramNodes(wait, "transaction-worker")).isEqualTo(3); // from, read, processBatch
        screenshot("diagram-transaction-worker");
        assertThat(diagramNodes(wait, "pos-send-transaction")).isEqualTo(11);
        screenshot("diagram-pos-send-transaction");
        // from, view, reply headers, and the route configuration's onException with its two steps
        assertThat(diagramNodes(wait, "pos-get-transaction")).isEqualTo(6);
        assertThat(consoleErrors()).isEmpty();

        openRoutesTable(wait);
        routeRow("pos-get-transaction").findElement(By.cssSelector("input[type=checkbox]")).click();
        WebElement stop = browser.findElement(By.xpath("//button[normalize-space()='Stop']"));
        wait.until(ExpectedConditions.elementToBeClickable(stop)).click();
        wait.until(d -> !d.findElements(By.xpath("//*[contains(@class,'alert') and contains(., 'forbidden')]")).isEmpty());
        screenshot("viewer-stop-refused");
        assertThat(camel.getRouteController().getRouteStatus("pos-get-transaction")).isEqualTo(ServiceStatus.Started);
    }

    private ManagedCamelContext managedCamel() {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
    }

    private static By treeItem(String name) {
        return By.xpath("//*[@role='treeitem']//*[normalize-space(text())='" + name + "']");
    }

    private static void openRoutesTable(WebDriverWait wait) {
        browser.findElement(treeItem("routes")).click();
        wait.until(ExpectedConditions.elementToBeClickable(tab("Routes")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//tr[.//td[normalize-space()='pos-send-transaction']]")));
    }

    /** The tabs above a selected node are navigation links. */
    private static By tab(String name) {
        return By.xpath("//a[contains(@class, 'nav__link')][normalize-space()='" + name + "']");
    }

    private static WebElement routeRow(String route) {
        return browser.findElement(By.xpath("//tr[.//td[normalize-space()='" + route + "']]"));
    }

    /** The row's cells after its checkbox: name, state, uptime, completed, … */
    private static String cell(WebElement row, int column) {
        return row.findElements(By.tagName("td")).get(column).getText().trim();
    }

    private static int diagramNodes(WebDriverWait wait, String route) {
        browser.findElement(treeItem(route)).click();
        wait.until(ExpectedConditions.elementToBeClickable(tab("Route Diagram"))).click();
        wait.until(d -> !d.findElements(By.cssSelector(".react-flow__node")).isEmpty()
                || !d.findElements(By.xpath("//*[contains(text(), 'An error occurred during drawing')]")).isEmpty());
        assertThat(browser.findElements(By.xpath("//*[contains(text(), 'An error occurred during drawing')]"))).as(route).isEmpty();
        assertThat(browser.findElements(By.xpath("//*[contains(text(), 'Cannot read properties')]"))).as(route).isEmpty();
        return browser.findElements(By.cssSelector(".react-flow__node")).size();
    }

    /** Errors the page logged; Hawtio's probe for preset connections, which Spring Boot does not serve, aside. */
    private static List<String> consoleErrors() {
        return chromium.consoleErrors().stream().filter(m -> !m.contains("/preset-connections")).toList();
    }

    private static void screenshot(String name) {
        chromium.screenshot(name);
    }
}
