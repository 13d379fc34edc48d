package io.tillgate.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.campaign.CampaignProblem;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.catalog.CampaignCatalog;
import io.tillgate.engine.json.Json;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a marketer asks: a draft campaign, replayed over the sales that closed in [{@code from}, {@code to}), at the
 * given stores (all when empty), alone or after the live campaigns; days counted in {@code timezone}.
 */
public record SimulationRequest(CampaignDocument campaign, Instant from, Instant to, Set<String> stores,
                                boolean withLiveCampaigns, ZoneId timezone) {
    private static final Set<String> FIELDS = Set.of("campaign", "from", "to", "stores", "withLiveCampaigns", "timezone");
    static final int MAX_STORES = 1_000;
    static final int MAX_STORE_ID_LENGTH = 200;
    /** The times a till's transaction may carry, and so the only ones a sale can have been made at. */
    private static final Instant EARLIEST = io.tillgate.pos.SendTransactionReader.EARLIEST_TIME;
    private static final Instant LATEST = io.tillgate.pos.SendTransactionReader.LATEST_TIME;

    /** Reads and checks a request body; every refusal names its field. */
    static SimulationRequest read(JsonNode body, Duration maxPeriod) {
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw EngineException.invalid("/" + name, "unknown field '" + name + "'; a simulation takes "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        });
        ZoneId zone = zone(body.get("timezone"));
        Instant from = time(body.get("from"), "/from", zone, false);
        Instant to = time(body.get("to"), "/to", zone, true);
        if (!to.isAfter(from)) {
            throw EngineException.invalid("/to", "the period is empty: it ends (to " + body.get("to").asText() + ", up to "
                    + to + ") before or when it starts (from " + body.get("from").asText() + ", " + from + ")");
        }
        // in calendar days where the marketer is: 93 days across a change of summer time are still 93 days
        if (from.atZone(zone).plusDays(maxPeriod.toDays()).toInstant().isBefore(to)) {
            throw EngineException.invalid("/to", "the period from " + from + " to " + to + " is longer than the "
                    + maxPeriod.toDays() + " days a simulation may cover (tillgate.simulations.max-period)");
        }
        JsonNode live = body.get("withLiveCampaigns");
        if (live != null && !live.isNull() && !live.isBoolean()) {
            throw EngineException.invalid("/withLiveCampaigns", "withLiveCampaigns must be true or false");
        }
        return new SimulationRequest(campaign(body.get("campaign")), from, to, stores(body.get("stores")),
                live != null && live.asBoolean(), zone);
    }

    private static CampaignDocument campaign(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw EngineException.invalid("/campaign", "campaign must be a campaign document (an object, as PUT /v1/applications/{id}/campaigns/{id} takes)");
        }
        if (node.has("id")) {
            throw EngineException.invalid("/campaign/id", "a draft is not a stored campaign: leave its id out");
        }
        try {
            return CampaignCatalog.parse(Json.write(node));
        } catch (InvalidCampaignException e) {
            throw within(e);
        }
    }

    /** The problems of the draft, pointing into the simulation's body. */
    static InvalidCampaignException within(InvalidCampaignException e) {
        return new InvalidCampaignException(e.problems().stream()
                .map(p -> new CampaignProblem("/campaign" + (p.pointer().equals("/") ? "" : p.pointer()), p.title(), p.details()))
                .toList());
    }

    private static ZoneId zone(JsonNode node) {
        if (node == null || node.isNull()) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(node.asText());
        } catch (DateTimeException e) {
            throw EngineException.invalid("/timezone", "timezone must be a time zone id such as Europe/Berlin or UTC, not '" + node.asText() + "'");
        }
    }

    /** An ISO-8601 date-time with its offset, or a date: its start for from, its end (the next day's start) for to. */
    private static Instant time(JsonNode node, String at, ZoneId zone, boolean end) {
        String form = "an ISO-8601 date-time with its offset (2026-03-01T00:00:00Z) or a date (2026-03-01)";
        if (node == null || node.isNull()) {
            throw EngineException.invalid(at, at.substring(1) + " is required: " + form);
        }
        if (!node.isTextual()) {
            throw EngineException.invalid(at, at.substring(1) + " must be a string: " + form);
        }
        String text = node.asText();
        Instant time;
        try {
            time = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException notDateTime) {
            try {
                LocalDate date = LocalDate.parse(text);
                time = (end ? date.plusDays(1) : date).atStartOfDay(zone).toInstant();
            } catch (DateTimeException notDate) {
                throw EngineException.invalid(at, at.substring(1) + " '" + text + "' is neither " + form);
            }
        }
        if (time.isBefore(EARLIEST) || time.isAfter(LATEST.plusSeconds(1))) {
            throw EngineException.invalid(at, at.substring(1) + " '" + text + "' is outside the years 1970 to 9999, when sales can have been made");
        }
        return time;
    }

    private static Set<String> stores(JsonNode node) {
        if (node == null || node.isNull()) {
            return Set.of();
        }
        if (!node.isArray()) {
            throw EngineException.invalid("/stores", "stores must be an array of store ids");
        }
        if (node.size() > MAX_STORES) {
            throw EngineException.invalid("/stores", "at most " + MAX_STORES + " stores (leave stores out for every store)");
        }
        Set<String> stores = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode store = node.get(i);
            if (!store.isTextual() || store.asText().isBlank() || store.asText().length() > MAX_STORE_ID_LENGTH) {
                throw EngineException.invalid("/stores/" + i, "a store id is a non-empty string of at most " + MAX_STORE_ID_LENGTH + " characters");
            }
            stores.add(store.asText());
        }
        return Set.copyOf(stores);
    }
}
