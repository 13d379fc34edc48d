package io.tillgate.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.payment;
import static io.tillgate.PosFixtures.transaction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A simulation's report as a marketer sees it, in a headless {@link Chromium}: the figures, a bar per day, the points
 * line, the day the budget ran out, the store table; nothing fetched, nothing run. The browser sends the Management
 * key as a header (DevTools), as a proxy in front of the page would. Screenshot: {@code target/simulation/report.png}.
 */
class SimulationReportBrowserTest extends GatewayTest {
    private static Chromium chromium;

    @BeforeAll
    static void browser() throws IOException {
        chromium = Chromium.start(Path.of("target/simulation"));
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void theReportShowsTheFiguresTheChartAndWhereTheBudgetRanOut() throws IOException {
        String store = unique("report");
        String[] times = {"2025-08-01T09:00:00Z", "2025-08-01T17:00:00Z", "2025-08-03T12:00:00Z", "2025-08-04T12:00:00Z",
                "2025-08-06T12:00:00Z", "2025-08-07T12:00:00Z"};
        for (int i = 0; i < times.length; i++) {
            ObjectNode tx = transaction(unique("T"), times[i]);
            line(tx, "1", unique("sku"), 1 + i % 2, "25.00");
            payment(tx, tx.get("subtotal").decimalValue().toPlainString(), "customer-" + i);
            assertThat(client.send(envelope(store, unique("r"), tx)).status()).isEqualTo(200);
            awaitOutcomes(store, tx.get("transaction_id").asText(), 1);
        }
        String draft = """
                {"name": "Back to school <10%>", "limits": [{"action": "setDiscount", "limit": 15}],
                 "rules": [{"title": "10%", "condition": "true",
                            "effects": [{"type": "setDiscount", "name": "10%", "value": "session.total * 0.1"},
                                        {"type": "addLoyaltyPoints", "programId": 1, "name": "points", "value": "session.total"}]}]}""";
        JsonNode result = new EngineClient(port).post("/v1/applications/1/simulations", EngineClient.MANAGEMENT,
                "{\"campaign\": " + draft + ", \"from\": \"2025-08-01\", \"to\": \"2025-08-07\", \"stores\": [\"" + store + "\"]}").json();
        // 2.50, 5.00, 2.50, 5.00 fit in 15.00; the fifth sale's 2.50 does not, and its rule gives no points either
        assertThat(SimulationApiTest.figures(result)).isEqualTo("6 4 15.00 150.00 0");
        assertThat(result.get("budgetExhaustedAt").asText()).isEqualTo("2025-08-04T12:00:00Z");
        try {
            look(result.get("id").asText());
        } catch (RuntimeException | AssertionError e) {
            chromium.keepFailure();
            throw e;
        }
    }

    private void look(String id) {
        chromium.browser.executeCdpCommand("Network.enable", Map.of());
        chromium.browser.executeCdpCommand("Network.setExtraHTTPHeaders",
                Map.of("headers", Map.of("Authorization", EngineClient.MANAGEMENT)));
        chromium.browser.get("http://localhost:" + port + "/v1/applications/1/simulations/" + id + "/report");

        assertThat(chromium.browser.getTitle()).isEqualTo("Simulation: Back to school <10%>");
        assertThat(text("h1")).isEqualTo("What would “Back to school <10%>” have cost?");
        assertThat(text("#discountTotal")).isEqualTo("15.00 USD");
        assertThat(text("#pointsTotal")).isEqualTo("150.00");
        assertThat(text("#sessionsTriggered")).isEqualTo("4 of 6 (67%)");
        assertThat(text(".exhausted")).isEqualTo("The budget ran out with the sale of 2025-08-04 12:00: later sales got nothing from it.");
        List<WebElement> bars = chromium.browser.findElements(By.cssSelector("#chart rect.bar"));
        assertThat(bars).hasSize(7); // a bar a day, the quiet ones flat
        assertThat(bars.get(0).getAttribute("data-date")).isEqualTo("2025-08-01");
        assertThat(bars.get(0).getSize().getHeight()).isGreaterThan(bars.get(2).getSize().getHeight()); // 7.50 against 2.50
        assertThat(bars.get(1).getSize().getHeight()).isZero();
        assertThat(chromium.browser.findElements(By.cssSelector("#chart #points"))).hasSize(1);
        WebElement budgetOut = chromium.browser.findElement(By.cssSelector("#chart #budget-out"));
        WebElement fourth = bars.get(3);
        assertThat(fourth.getAttribute("data-date")).isEqualTo("2025-08-04");
        assertThat(Double.parseDouble(budgetOut.getAttribute("x1"))) // the dashed line stands on the day the budget ran out
                .isCloseTo(Double.parseDouble(fourth.getAttribute("x")) + Double.parseDouble(fourth.getAttribute("width")) / 2, within(0.2));
        List<WebElement> stores = chromium.browser.findElements(By.cssSelector("#stores tbody tr"));
        assertThat(stores).hasSize(1);
        assertThat(stores.get(0).getText()).endsWith("6 4 15.00 150.00 0");
        assertThat(chromium.browser.findElement(By.cssSelector("#stores tfoot tr")).getText()).isEqualTo("All 6 4 15.00 150.00 0");
        assertThat(chromium.browser.findElements(By.tagName("script"))).isEmpty();
        assertThat(chromium.consoleErrors()).isEmpty();
        chromium.screenshot("report");
    }

    private String text(String css) {
        return chromium.browser.findElement(By.cssSelector(css)).getText();
    }
}
