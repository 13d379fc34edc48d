package io.tillgate.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tillgate.engine.store.ProfileStore;

/** What a profile's integration id may be when a client names one, and text that is text (no unpaired surrogates). */
public final class ProfileIds {
    public static final String RULE = "a profile's integrationId is 1 to " + ProfileStore.MAX_ID_LENGTH
            + " characters, without surrounding blanks, control characters or unpaired surrogates, and not starting with '"
            + ProfileStore.ERASED_PREFIX + "' (erased customers')";

    private ProfileIds() {
    }

    public static boolean valid(String id) {
        return id != null && !id.isBlank() && id.length() <= ProfileStore.MAX_ID_LENGTH && id.equals(id.strip())
                && id.chars().noneMatch(Character::isISOControl) && wellFormed(id) && !id.startsWith(ProfileStore.ERASED_PREFIX);
    }

    /** Whether the text has no unpaired surrogate (a JSON escape can carry one; it is no character). */
    public static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every text in the tree, names and values, is well formed. */
    public static boolean wellFormed(JsonNode node) {
        if (node.isTextual()) {
            return wellFormed(node.textValue());
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!wellFormed(e.getKey()) || !wellFormed(e.getValue())) {
                return false;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!wellFormed(element)) {
                    return false;
                }
            }
        }
        return true;
    }
}
