package io.tillgate.engine.api;

import io.tillgate.engine.json.Json;

/** The engine APIs' error body, for those outside its controllers that answer on its paths. */
public final class EngineReplies {
    private EngineReplies() {
    }

    public static String error(String title, String message) {
        return Json.write(Views.error(message, title, message, null));
    }
}
