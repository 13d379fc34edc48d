package io.tillgate.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.Applications;
import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.api.ApiRefusal;
import io.tillgate.engine.api.Bodies;
import io.tillgate.engine.api.EngineSurface;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.BudgetAction;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What-if simulations (Management API key): {@code POST /v1/applications/{id}/simulations} replays the tills' sales of
 * a period through a draft campaign; {@code GET …/{simulationId}} shows its state and figures, {@code …/report} the
 * same as a page.
 */
@RestController
@RequestMapping(path = "/v1/applications/{applicationId}/simulations")
class SimulationApi implements EngineSurface {
    private final Applications applications;
    private final Simulations simulations;
    private final SimulationProperties properties;

    SimulationApi(Applications applications, Simulations simulations, SimulationProperties properties) {
        this.applications = applications;
        this.simulations = simulations;
        this.properties = properties;
    }

    @PostMapping(produces = "application/json")
    ResponseEntity<JsonNode> start(@PathVariable long applicationId,
                                   @RequestHeader(value = "Authorization", required = false) String auth,
                                   @RequestHeader(value = "Content-Type", required = false) String contentType,
                                   @RequestBody(required = false) String body) throws InterruptedException {
        Application app = authorize(auth, applicationId);
        SimulationRequest request = SimulationRequest.read(Bodies.parse(contentType, body), properties.maxPeriod());
        Simulation simulation = simulations.start(app, request);
        boolean ended = simulation.awaitEnd(properties.answerWithin().toMillis());
        String location = "/v1/applications/" + applicationId + "/simulations/" + simulation.id();
        int status = !ended ? 202 : simulation.state() == Simulation.State.failed ? 500 : 200;
        return ResponseEntity.status(status).header(HttpHeaders.LOCATION, location).contentType(MediaType.APPLICATION_JSON)
                .body(view(app, simulation));
    }

    /** Cancels a simulation that is running or waiting: it ends as failed ("cancelled"); one that ended stays as it is. */
    @org.springframework.web.bind.annotation.DeleteMapping(path = "/{simulationId}", produces = "application/json")
    ResponseEntity<JsonNode> cancel(@PathVariable long applicationId, @PathVariable String simulationId,
                                    @RequestHeader(value = "Authorization", required = false) String auth) {
        authorize(auth, applicationId);
        simulation(applicationId, simulationId).cancel();
        return ResponseEntity.accepted().build();
    }

    @GetMapping(path = "/{simulationId}", produces = "application/json")
    ResponseEntity<JsonNode> get(@PathVariable long applicationId, @PathVariable String simulationId,
                                 @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = authorize(auth, applicationId);
        return ResponseEntity.ok(view(app, simulation(applicationId, simulationId)));
    }

    @GetMapping(path = "/{simulationId}/report", produces = {"text/html", "application/json"})
    ResponseEntity<String> report(@PathVariable long applicationId, @PathVariable String simulationId,
                                  @RequestHeader(value = "Authorization", required = false) String auth) {
        Application app = authorize(auth, applicationId);
        Simulation simulation = simulation(applicationId, simulationId);
        if (simulation.state() != Simulation.State.done) {
            throw EngineException.conflict("simulation " + simulationId + " is " + simulation.state()
                    + (simulation.state() == Simulation.State.running ? "; its report is there once it is done" : ": " + simulation.failure()),
                    null);
        }
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                // the page is all there is: no script, nothing fetched from elsewhere
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
                .body(SimulationReport.render(app, simulation));
    }

    private Simulation simulation(long applicationId, String id) {
        return simulations.get(applicationId, id).orElseThrow(() -> EngineException.notFound("simulation " + id
                + " of application " + applicationId + " does not exist (simulations are kept in memory, the latest "
                + properties.keep() + ", until the gateway restarts)"));
    }

    private Application authorize(String auth, long applicationId) {
        ApiRefusal.requireManagementKey(applications, auth);
        return applications.byId(applicationId)
                .orElseThrow(() -> EngineException.notFound("application " + applicationId + " does not exist"));
    }

    /** The simulation's state, how far it got, and once done its figures. */
    static ObjectNode view(Application app, Simulation simulation) {
        SimulationRequest request = simulation.request();
        ObjectNode body = Json.MAPPER.createObjectNode().put("id", simulation.id())
                .put("applicationId", simulation.applicationId()).put("campaignName", simulation.campaignName())
                .put("state", simulation.state().name())
                .put("from", request.from().toString()).put("to", request.to().toString())
                .put("timezone", request.timezone().getId()).put("withLiveCampaigns", request.withLiveCampaigns());
        ArrayNode stores = body.putArray("stores");
        new java.util.TreeSet<>(request.stores()).forEach(stores::add);
        body.put("created", simulation.created().toString());
        body.putObject("progress").put("sessionsScanned", simulation.scanned())
                .put("sessionsTotal", simulation.total() < 0 ? null : simulation.total());
        if (simulation.state() == Simulation.State.failed) {
            body.put("failure", simulation.failure()).put("ended", simulation.ended().toString());
        }
        Replay.Result result = simulation.result();
        if (result == null) {
            return body;
        }
        body.put("ended", simulation.ended().toString());
        figures(body, result.total(), app);
        body.put("pointsDeducted", result.pointsDeducted().setScale(BudgetAction.POINTS_SCALE, RoundingMode.UNNECESSARY));
        body.put("budgetExhaustedAt", result.budgetExhaustedAt() == null ? null : result.budgetExhaustedAt().toString());
        // a draft whose rules fail at run time (a division by zero, a number too large) says so, and on which sale first
        body.putObject("ruleErrors").put("sales", result.salesWithErrors()).put("first", result.firstError());
        ArrayNode budgets = body.putArray("budgets");
        result.budgets().forEach(b -> {
            int scale = b.action().scale(app.money().scale());
            ObjectNode budget = budgets.addObject().put("action", b.action().name())
                    .put("limit", b.limit().setScale(scale, RoundingMode.DOWN));
            if (b.period() != io.tillgate.engine.campaign.BudgetPeriod.overall) {
                budget.put("period", b.period().name()); // and the counter is its fullest period's
            }
            budget.put("counter", b.counter().setScale(scale, RoundingMode.DOWN));
        });
        ArrayNode days = body.putArray("byDay");
        everyDay(request, result).forEach((date, tally) -> figures(days.addObject().put("date", date.toString()), tally, app));
        ArrayNode byStore = body.putArray("byStore");
        everyStore(request, result).forEach((store, tally) -> figures(byStore.addObject().put("storeId", store), tally, app));
        return body;
    }

    /** Every day of the period in its time zone, those without a sale at zero: a chart shows the quiet days too. */
    static Map<LocalDate, Tally> everyDay(SimulationRequest request, Replay.Result result) {
        Map<LocalDate, Tally> days = new TreeMap<>(result.byDay());
        LocalDate last = LocalDate.ofInstant(request.to().minusNanos(1), request.timezone());
        for (LocalDate d = LocalDate.ofInstant(request.from(), request.timezone()); !d.isAfter(last); d = d.plusDays(1)) {
            days.putIfAbsent(d, Tally.NONE);
        }
        return days;
    }

    /** Every store that sold, and every store asked for, those without a sale at zero. */
    static Map<String, Tally> everyStore(SimulationRequest request, Replay.Result result) {
        Map<String, Tally> stores = new TreeMap<>(result.byStore());
        request.stores().forEach(s -> stores.putIfAbsent(s, Tally.NONE));
        return stores;
    }

    private static void figures(ObjectNode into, Tally tally, Application app) {
        into.put("transactions", tally.transactions()).put("sessionsTriggered", tally.sessionsTriggered())
                .put("discountTotal", app.money().of(tally.discountTotal()))
                .put("pointsTotal", tally.pointsTotal().setScale(BudgetAction.POINTS_SCALE, RoundingMode.UNNECESSARY))
                .put("couponsCreated", tally.couponsCreated());
    }
}
