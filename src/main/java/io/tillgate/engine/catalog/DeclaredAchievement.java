package io.tillgate.engine.catalog;

import io.tillgate.engine.campaign.Achievement;

import java.time.Instant;

/** An achievement a stored campaign declares, with the id its name has in the application. */
public record DeclaredAchievement(long id, long campaignId, Instant created, Achievement achievement) {
}
