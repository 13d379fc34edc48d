package io.tillgate.engine.catalog;

import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.campaign.CampaignIndex;
import io.tillgate.engine.campaign.CampaignProblem;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.session.CartItem;
import io.tillgate.engine.session.CouponView;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tillgate.engine.store.AchievementStore;
import io.tillgate.engine.store.CampaignStore;
import io.tillgate.engine.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
    private static final ObjectMapper STRICT = strict();

    /**
     * Unknown fields, and values of another type than the field's, are mistakes worth a 400: a usage limit of
     * 1.5 is not 1, a limit of "10" is not 10, a start time of 12 is not 12 seconds after 1970.
     */
    private static ObjectMapper strict() {
        ObjectMapper mapper = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail); // a whole number is a decimal: 20000 is fine
        for (LogicalType type : new LogicalType[]{LogicalType.Boolean, LogicalType.Textual}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, type == LogicalType.Boolean
                            ? CoercionAction.Fail : CoercionAction.TryConvert)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        // times are ISO-8601 text: Jackson would read a number as seconds since 1970
        mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule().addDeserializer(java.time.Instant.class,
                new com.fasterxml.jackson.databind.JsonDeserializer<>() {
                    @Override
                    public java.time.Instant deserialize(com.fasterxml.jackson.core.JsonParser parser,
                                                         com.fasterxml.jackson.databind.DeserializationContext context)
                            throws java.io.IOException {
                        if (!parser.hasToken(com.fasterxml.jackson.core.JsonToken.VALUE_STRING)) {
                            return (java.time.Instant) context.handleUnexpectedToken(java.time.Instant.class, parser);
                        }
                        return com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer.INSTANT.deserialize(parser, context);
                    }
                }));
        return mapper;
    }
    private final CampaignStore store;
    private final AchievementStore achievementStore;
    private volatile Map<Long, CampaignIndex> indexes = Map.of();
    /** Per application, its campaigns' achievements by name. */
    private volatile Map<Long, Map<String, DeclaredAchievement>> achievements = Map.of();
    private volatile String version = "";

    public CampaignCatalog(CampaignStore store, AchievementStore achievementStore) {
        this.store = store;
        this.achievementStore = achievementStore;
        refresh();
    }

    /** Parses a campaign document strictly: an unknown field is a mistake worth a 400. */
    public static CampaignDocument parse(String json) {
        return strictly(json, CampaignDocument.class, "invalid campaign document");
    }

    /** Parses an achievement strictly, as Talon.One's CreateAchievement and UpdateAchievement send it. */
    public static CampaignDocument.AchievementDocument parseAchievement(String json) {
        return strictly(json, CampaignDocument.AchievementDocument.class, "invalid achievement");
    }

    /** Reads {@code json} as {@code type} with the strict mapper; a problem names the field where reading stopped. */
    private static <T> T strictly(String json, Class<T> type, String title) {
        try {
            return STRICT.readValue(json, type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            StringBuilder pointer = new StringBuilder();
            e.getPath().forEach(ref -> pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex())));
            throw new InvalidCampaignException(List.of(new CampaignProblem(pointer.isEmpty() ? "/" : pointer.toString(),
                    title, e.getOriginalMessage())));
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
        byApp.forEach((app, campaigns) -> next.put(app, new CampaignIndex(anchored(campaigns))));
        Map<Long, Map<String, DeclaredAchievement>> declared = new HashMap<>();
        for (AchievementStore.Id id : achievementStore.ids()) {
            Optional<Achievement> achievement = byApp.getOrDefault(id.applicationId(), List.of()).stream()
                    .filter(c -> c.id() == id.campaignId()).flatMap(c -> c.achievements().stream())
                    .filter(a -> a.name().equals(id.name())).findFirst();
            achievement.ifPresent(a -> declared.computeIfAbsent(id.applicationId(), x -> new java.util.TreeMap<>())
                    .put(a.name(), new DeclaredAchievement(id.id(), id.campaignId(), id.created(), a)));
        }
        indexes = next;
        achievements = declared;
        version = seen;
    }

    /** The campaigns with each evaluation group anchored at its lowest campaign id: a group runs there, whatever the cart. */
    private static List<Campaign> anchored(List<Campaign> campaigns) {
        Map<Long, Long> anchors = new HashMap<>();
        campaigns.stream().filter(c -> c.group() != null).forEach(c -> anchors.merge(c.group().id(), c.id(), Math::min));
        return anchors.isEmpty() ? campaigns
                : campaigns.stream().map(c -> c.group() == null ? c : c.anchoredAt(anchors.get(c.group().id()))).toList();
    }

    public Optional<Campaign> get(long applicationId, long campaignId) {
        CampaignIndex index = indexes.get(applicationId);
        return index == null ? Optional.empty() : index.get(campaignId);
    }

    /** The application's achievements by name, those of its stored campaigns. */
    public Map<String, DeclaredAchievement> achievements(long applicationId) {
        return achievements.getOrDefault(applicationId, Map.of());
    }

    /** Every application's campaigns. */
    public List<Campaign> everywhere() {
        List<Campaign> all = new ArrayList<>();
        indexes.values().forEach(index -> all.addAll(index.all()));
        return all;
    }

    public Collection<Campaign> all(long applicationId) {
        CampaignIndex index = indexes.get(applicationId);
        return index == null ? List.of() : index.all();
    }

    /** The campaigns worth evaluating for this cart and these coupons: by the cart's SKUs and categories, and the coupons' campaigns. */
    public List<Campaign> candidates(long applicationId, List<CartItem> cart, Collection<CouponView> coupons) {
        return candidates(applicationId, cart, coupons, null);
    }

    /** As above, for a session holding the referral code of campaign {@code referralCampaign} (null: none). */
    public List<Campaign> candidates(long applicationId, List<CartItem> cart, Collection<CouponView> coupons, Long referralCampaign) {
        Set<String> skus = new HashSet<>();
        Set<String> categories = new HashSet<>();
        cart.forEach(item -> {
            skus.add(item.sku());
            if (item.category() != null) {
                categories.add(item.category());
            }
        });
        Set<Long> couponCampaigns = new HashSet<>();
        coupons.forEach(c -> couponCampaigns.add(c.campaignId()));
        if (referralCampaign != null) {
            couponCampaigns.add(referralCampaign);
        }
        return candidates(applicationId, skus, categories, couponCampaigns);
    }

    /** The campaigns worth evaluating for a cart with these SKUs and categories and coupons of these campaigns. */
    public List<Campaign> candidates(long applicationId, Set<String> skus, Set<String> categories, Set<Long> couponCampaigns) {
        CampaignIndex index = indexes.get(applicationId);
        return index == null ? List.of() : index.candidates(skus, categories, couponCampaigns);
    }
}
