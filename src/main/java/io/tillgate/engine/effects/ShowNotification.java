package io.tillgate.engine.effects;

import io.tillgate.engine.campaign.EffectFields;
import io.tillgate.engine.campaign.EffectSpec;
import io.tillgate.engine.campaign.EffectType;
import io.tillgate.engine.campaign.RuleScope;

/** {@code showNotification}: a message for the till or the customer ({@code notificationType} Info by default). */
public final class ShowNotification implements EffectType {

    @Override
    public String name() {
        return "showNotification";
    }

    @Override
    public EffectSpec compile(EffectFields fields) {
        return new Spec(fields.text("notificationType", "Info"), fields.required("title"), fields.required("body"));
    }

    record Spec(String notificationType, String title, String body) implements EffectSpec {
        @Override
        public String apply(RuleScope rule) {
            rule.emit("showNotification", new Props(notificationType, title, body));
            return null;
        }
    }

    public record Props(String notificationType, String title, String body) implements io.tillgate.engine.session.Props {
    }
}
