package io.tillgate.engine.catalog;

import io.tillgate.engine.campaign.InvalidCampaignException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tillgate.engine.EngineProperties;
import io.tillgate.engine.loyalty.LoyaltyProgramDocument;
import io.tillgate.engine.loyalty.LoyaltyPrograms;
import io.tillgate.engine.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads {@code campaigns/loyalty/*.yaml} (loyalty programs) and {@code campaigns/*.yaml} (campaigns, each
 * with {@code applicationId}, default 1, and {@code id}) at start. A file's campaign replaces the stored
 * campaign of the same id; a file that does not compile stops the start with the reason. This happens
 * before the web server and the routes start, so no request meets an engine without its campaigns.
 */
@Component
public class CampaignFiles implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignFiles.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final EngineProperties properties;
    private final CampaignAdmin admin;
    private final LoyaltyPrograms programs;

    public CampaignFiles(EngineProperties properties, CampaignAdmin admin, LoyaltyPrograms programs) {
        this.properties = properties;
        this.admin = admin;
        this.programs = programs;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            load();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + properties.campaignsDir(), e);
        }
    }

    private void load() throws IOException {
        Path dir = properties.campaignsDir();
        for (Path file : yaml(dir.resolve("loyalty"))) {
            JsonNode node = YAML.readTree(file.toFile());
            LoyaltyProgramDocument doc = Json.MAPPER.treeToValue(node, LoyaltyProgramDocument.class);
            if (doc.id() == null) {
                throw new IllegalStateException(file + ": a loyalty program needs an id");
            }
            programs.save(doc.id(), doc);
            LOG.info("loyalty program {} loaded from {}", doc.id(), file);
        }
        for (Path file : yaml(dir)) {
            ObjectNode node = (ObjectNode) YAML.readTree(file.toFile());
            long applicationId = node.has("applicationId") ? node.remove("applicationId").asLong() : 1;
            if (!node.hasNonNull("id")) {
                throw new IllegalStateException(file + ": a campaign needs an id");
            }
            try {
                admin.save(applicationId, node.get("id").asLong(), CampaignCatalog.parse(node.toString()));
            } catch (InvalidCampaignException e) {
                throw new IllegalStateException(file + ": " + e.problems(), e);
            }
            LOG.info("campaign {} of application {} loaded from {}", node.get("id").asLong(), applicationId, file);
        }
    }

    private static List<Path> yaml(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
        }
    }
}
