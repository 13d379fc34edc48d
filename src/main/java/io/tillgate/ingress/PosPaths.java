package io.tillgate.ingress;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/**
 * Which requests are the POS API's, judged on the decoded path: the web layer routes {@code /%61pi/2.0/…}
 * to the same door as {@code /api/2.0/…}, so the door's filters must see it as such.
 */
public final class PosPaths {
    /** The POS calls that take a body, each a POST: send_transaction and the till's offer calls. */
    public static final java.util.Map<String, String> POSTS = java.util.Map.of(
            "/api/2.0/send_transaction", "pos-send-transaction",
            "/api/2.0/lock", "pos-lock",
            "/api/2.0/redeem", "pos-redeem",
            "/api/2.0/unlock", "pos-unlock",
            "/api/2.0/reinstate", "pos-reinstate");

    private PosPaths() {
    }

    static String path(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    static boolean isPos(HttpServletRequest request) {
        return path(request).startsWith("/api/");
    }
}
