package io.tillgate.engine.effects;

import io.tillgate.engine.campaign.EffectType;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every effect type a campaign's rule can have: the one place a new type is registered. */
public final class EffectTypes {
    private static final Map<String, EffectType> BY_NAME = List.of(
                    new SetDiscount(),
                    new SetDiscountPerItem(),
                    new SetDiscountPerItemProRata(),
                    new SetDiscountPerAdditionalCost(),
                    new SetDiscountPerAdditionalCostPerItem(),
                    new AddFreeItem(),
                    new CreateCoupon(),
                    new CreateReferral(),
                    new AddLoyaltyPoints(),
                    new DeductLoyaltyPoints(),
                    new ShowNotification(),
                    new CustomEffect(),
                    new UpdateAttribute(),
                    new IncreaseAchievementProgress(),
                    new AudienceEffect.Add(),
                    new AudienceEffect.Remove(),
                    new AwardGiveaway())
            .stream().collect(Collectors.toUnmodifiableMap(EffectType::name, Function.identity()));

    private EffectTypes() {
    }

    /** The effect type of this name; null when there is none. */
    public static EffectType named(String name) {
        return BY_NAME.get(name);
    }
}
