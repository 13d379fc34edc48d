package io.tillgate.engine.campaign;

/** A reason a campaign document was refused, pointing at the field (a JSON pointer into the document). */
public record CampaignProblem(String pointer, String title, String details) {
}
