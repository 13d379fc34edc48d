package io.tillgate.engine.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.effects.UpdateAttribute;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.Effect;
import io.tillgate.engine.session.Grant;
import io.tillgate.engine.store.ProfileStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code updateAttribute} does when a session closes: each effect sets its session or profile attribute, in the
 * order the effects came, and the ledger remembers the value it replaced. A cancel or reopen puts back the value an
 * update replaced, where the attribute still holds what the update set (a later change is not undone), and says so
 * with an {@code updateAttribute} effect of the value put back (null: the attribute is gone again): an integration
 * that applies updateAttribute effects follows the rollback as it followed the update. An update that would take the
 * attributes past what a profile may hold is not kept (its value is bounded where the rule runs).
 */
final class AttributeUpdates {
    private AttributeUpdates() {
    }

    /** Whether the effects set a profile attribute (the caller then reads the profile's, to pass them in). */
    static boolean setsProfile(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e.props() instanceof UpdateAttribute.Props p && p.path().startsWith("Profile."));
    }

    /** Applies the effects to the attributes (profile's null: an anonymous session, whose profile updates do nothing). */
    static List<Grant> apply(List<Effect> effects, ObjectNode session, ObjectNode profile) {
        List<Grant> grants = new ArrayList<>();
        for (Effect effect : effects) {
            if (!(effect.props() instanceof UpdateAttribute.Props p)) {
                continue;
            }
            ObjectNode target = p.path().startsWith("Profile.") ? profile : session;
            if (target == null) {
                continue;
            }
            String name = p.path().substring(p.path().lastIndexOf('.') + 1);
            JsonNode value = Json.MAPPER.valueToTree(p.value());
            JsonNode previous = target.get(name);
            if (!fits(target, name, value)) {
                continue; // the attributes are full: the update is published, not kept
            }
            target.set(name, value);
            grants.add(new Grant.AttributeUpdate(origin(effect), p.path(), previous == null ? null : previous.deepCopy(), value, false));
        }
        return grants;
    }

    /** Whether the attributes, the update made, stay within what a profile may hold (a session's, the same). */
    private static boolean fits(ObjectNode target, String name, JsonNode value) {
        ObjectNode after = target.deepCopy();
        after.set(name, value);
        return after.size() <= ProfileStore.MAX_ATTRIBUTES && Json.write(after).length() <= ProfileStore.MAX_ATTRIBUTES_SIZE;
    }

    /** Puts back what the ledger's updates replaced, latest first; the effects that say so. */
    static List<Effect> rollBack(List<Grant> ledger, ObjectNode session, ObjectNode profile) {
        List<Effect> effects = new ArrayList<>();
        for (int i = ledger.size() - 1; i >= 0; i--) {
            if (!(ledger.get(i) instanceof Grant.AttributeUpdate u) || u.rolledBack()) {
                continue;
            }
            ObjectNode target = u.onProfile() ? profile : session;
            if (target == null || !Objects.equals(target.get(u.attribute()), u.value())) {
                continue; // changed since: the later value stands
            }
            // none before, or a null, which a stored ledger reads back as a JSON null: the attribute goes
            boolean none = u.previous() == null || u.previous().isNull();
            if (none) {
                target.remove(u.attribute());
            } else {
                target.set(u.attribute(), u.previous());
            }
            effects.add(Effect.of(u.origin(), "updateAttribute", new UpdateAttribute.Props(u.path(), none ? null : u.previous())));
        }
        return effects;
    }

    /** The ledger with its attribute updates marked as rolled back. */
    static List<Grant> marked(List<Grant> ledger) {
        return ledger.stream().map(g -> g instanceof Grant.AttributeUpdate u
                ? new Grant.AttributeUpdate(u.origin(), u.path(), u.previous(), u.value(), true) : g).toList();
    }

    private static Effect.Origin origin(Effect e) {
        return new Effect.Origin(e.campaignId(), e.ruleIndex(), e.ruleName(), e.triggeredByCoupon(), e.conditionIndex());
    }
}
