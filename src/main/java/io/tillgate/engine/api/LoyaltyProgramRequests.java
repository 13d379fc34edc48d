package io.tillgate.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.EngineException;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.loyalty.LoyaltyProgramDocument;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A loyalty program's body, read strictly: the fields tillgate honours, and of Talon.One's {@code LoyaltyProgram} those a
 * client sends back as it read them (read-only, or fixed in tillgate: no subledgers, no cards, UTC). Anything else is
 * refused naming the field, never dropped.
 */
final class LoyaltyProgramRequests {
    private static final Set<String> HONOURED = Set.of("name", "title", "description", "defaultPending", "defaultValidity",
            "returnPolicy", "returnWindow", "tiers", "tiersExpireIn", "tiersExpirationPolicy", "tiersDowngradePolicy",
            "tierCycleStartDate", "cardBased", "usersPerCardLimit", "cardCodeSettings");
    /** Fields a GET shows that a PUT may carry back unchanged, with the values tillgate accepts. */
    private static final Map<String, Predicate<JsonNode>> ECHOED = Map.ofEntries(
            Map.entry("accountID", n -> true), Map.entry("created", n -> true),
            Map.entry("subscribedApplications", n -> n.isArray() && n.isEmpty()),
            Map.entry("allowSubledger", n -> n.isBoolean() && !n.booleanValue()),
            Map.entry("sandbox", n -> n.isBoolean() && !n.booleanValue()),
            Map.entry("timezone", n -> n.isTextual() && n.asText().equals("UTC")),
            Map.entry("canUpdateTiers", JsonNode::isBoolean), Map.entry("canUpdateJoinPolicy", JsonNode::isBoolean),
            Map.entry("canUpdateTierExpirationPolicy", JsonNode::isBoolean),
            Map.entry("canUpgradeToAdvancedTiers", JsonNode::isBoolean), Map.entry("canUpdateSubledgers", JsonNode::isBoolean));

    private LoyaltyProgramRequests() {
    }

    /** Talon.One's {@code CodeGeneratorSettings} as written: its two fields, of their types. */
    static void codeSettings(JsonNode codes, String at) {
        if (codes == null || codes.isNull()) {
            return;
        }
        if (!codes.isObject()) {
            throw EngineException.invalid(at, "cardCodeSettings is an object of validCharacters and couponPattern");
        }
        codes.fieldNames().forEachRemaining(name -> {
            if (!name.equals("validCharacters") && !name.equals("couponPattern")) {
                throw EngineException.invalid(at + "/" + name, "'" + name + "' is not a field of cardCodeSettings");
            }
        });
        JsonNode characters = codes.get("validCharacters");
        if (characters != null && !characters.isNull()) {
            if (!characters.isArray()) {
                throw EngineException.invalid(at + "/validCharacters", "validCharacters is a list of single letters and digits");
            }
            for (int i = 0; i < characters.size(); i++) {
                if (!characters.get(i).isTextual()) {
                    throw EngineException.invalid(at + "/validCharacters/" + i, "a valid character is a string of one letter or digit");
                }
            }
        }
        JsonNode pattern = codes.get("couponPattern");
        if (pattern != null && !pattern.isNull() && !pattern.isTextual()) {
            throw EngineException.invalid(at + "/couponPattern", "couponPattern is a string");
        }
    }

    static LoyaltyProgramDocument document(long programId, JsonNode body) {
        if (programId < 1) {
            throw EngineException.invalidParameter("programId", "a loyalty program's id is a whole number from 1");
        }
        JsonNode tiers = body.get("tiers");
        if (tiers != null && tiers.isArray()) {
            for (int i = 0; i < tiers.size(); i++) {
                String at = "/tiers/" + i;
                JsonNode tier = tiers.get(i);
                if (!tier.isObject()) {
                    throw EngineException.invalid(at, "a tier is an object of name and minPoints");
                }
                tier.fieldNames().forEachRemaining(name -> {
                    if (!name.equals("name") && !name.equals("minPoints")) {
                        throw EngineException.invalid(at + "/" + name, "'" + name + "' is not a field of a tier; it has name and minPoints");
                    }
                });
                if (tier.has("minPoints") && !tier.get("minPoints").isNumber()) {
                    throw EngineException.invalid(at + "/minPoints", "minPoints is a number");
                }
                if (tier.has("name") && !tier.get("name").isTextual()) {
                    throw EngineException.invalid(at + "/name", "name is a string");
                }
            }
        }
        codeSettings(body.get("cardCodeSettings"), "/cardCodeSettings");
        JsonNode limit = body.get("usersPerCardLimit");
        if (limit != null && !limit.isNull() && !(limit.isIntegralNumber() && limit.canConvertToInt())) {
            throw EngineException.invalid("/usersPerCardLimit", "usersPerCardLimit is a whole number ≥ 0 (0: unlimited)");
        }
        body.fields().forEachRemaining(field -> {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (HONOURED.contains(name) || value.isNull()) {
                return;
            }
            if (name.equals("id")) {
                if (!value.canConvertToLong() || value.asLong() != programId) {
                    throw EngineException.invalid("/id", "id is the program's, " + programId + ", as in the path");
                }
                return;
            }
            Predicate<JsonNode> accepted = ECHOED.get(name);
            if (accepted == null) {
                throw EngineException.invalid("/" + name, "'" + name + "' is not a field tillgate's loyalty programs have"
                        + " (subledgers and join policies are not supported yet)");
            }
            if (!accepted.test(value)) {
                throw EngineException.invalid("/" + name, name + " " + value + " is not supported: tillgate's programs are"
                        + " without subledgers, in UTC, and not subscribed to by application");
            }
        });
        try {
            ((com.fasterxml.jackson.databind.node.ObjectNode) body).remove("id");
            return Json.MAPPER.treeToValue(body, LoyaltyProgramDocument.class);
        } catch (JsonMappingException e) {
            StringBuilder pointer = new StringBuilder();
            e.getPath().forEach(p -> pointer.append('/').append(p.getFieldName() != null ? p.getFieldName() : p.getIndex()));
            throw EngineException.invalid(pointer.isEmpty() ? "/" : pointer.toString(), "this field does not read as "
                    + "a loyalty program's: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("/", "the body does not read as a loyalty program: " + e.getOriginalMessage());
        }
    }
}
