package io.tillgate.engine.campaign;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillgate.engine.store.CampaignStore;
import io.tillgate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The compiled campaigns of every application, each application's in a {@link CampaignIndex}. Reloaded
 * from the database when another instance changes a campaign.
 */
@Component
public class CampaignCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignCatalog.class);
    private static final ObjectMapper STRICT = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final CampaignStore store;
    private volatile Map<Long, CampaignIndex> indexes = Map.of();
    private volatile String version = "";

    public CampaignCatalog(CampaignStore store) {
        this.store = store;
        refresh();
    }

    /** Parses a campaign document strictly: an unknown field is a mistake worth a 400. */
    public static CampaignDocument parse(String json) {
        try {
            return STRICT.readValue(json, CampaignDocument.class);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            StringBuilder pointer = new StringBuilder();
            e.getPath().forEach(ref -> pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex())));
            throw new InvalidCampaignException(List.of(new CampaignProblem(pointer.isEmpty() ? "/" : pointer.toString(),
                    "invalid campaign document", e.getOriginalMessage())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidCampaignException(List.of(new CampaignProblem("/", "malformed JSON", e.getOriginalMessage())));
        }
    }

    @Scheduled(fixedDelayString = "${tillgate.engine.campaign-refresh:5s}")
    public void refreshIfChanged() {
        if (!store.version().equals(version)) {
            refresh();
        }
    }

    public synchronized void refresh() {
        String seen = store.version();
        Map<Long, List<Campaign>> byApp = new HashMap<>();
        for (CampaignStore.Row row : store.all()) {
            try {
                byApp.computeIfAbsent(row.applicationId(), a -> new ArrayList<>())
                        .add(CampaignCompiler.compile(row.applicationId(), row.id(), parse(row.document())));
            } catch (InvalidCampaignException e) {
                LOG.error("stored campaign {} of application {} no longer compiles: {}", row.id(), row.applicationId(), e.getMessage());
            }
        }
        Map<Long, CampaignIndex> next = new HashMap<>();
        byApp.forEach((app, campaigns) -> next.put(app, new CampaignIndex(campaigns)));
        indexes = next;
        version = seen;
    }

    public Optional<Campaign> get(long applicationId, long campaignId) {
        CampaignIndex index = indexes.get(applicationId);
        return index == null ? Optional.empty() : index.get(campaignId);
    }

    public Collection<Campaign> all(long applicationId) {
        CampaignIndex index = indexes.get(applicationId);
        return index == null ? List.of() : index.all();
    }

    /** The campaigns worth evaluating for a cart with these SKUs and categories and coupons of these campaigns. */
    public List<Campaign> candidates(long applicationId, Set<String> skus, Set<String> categories, Set<Long> couponCampaigns) {
        CampaignIndex index = indexes.get(applicationId);
        return index == null ? List.of() : index.candidates(skus, categories, couponCampaigns);
    }
}
