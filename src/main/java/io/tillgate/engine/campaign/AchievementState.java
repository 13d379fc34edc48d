package io.tillgate.engine.campaign;

/** An achievement of the application as an evaluation sees it: its id, its campaign, and where the customer stands. */
public record AchievementState(long id, long campaignId, Achievement achievement, Achievement.Standing standing) {
}
