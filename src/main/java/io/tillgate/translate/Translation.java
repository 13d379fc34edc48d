package io.tillgate.translate;

/** A plan and the session as it stands once the plan is carried out (unchanged for no-op plans). */
public record Translation(Plan plan, StoredSession next) {
}
