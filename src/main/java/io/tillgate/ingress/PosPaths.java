package io.tillgate.ingress;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UrlPathHelper;

/**
 * Which requests are the POS API's, judged on the decoded path: the web layer routes {@code /%61pi/2.0/…}
 * to the same door as {@code /api/2.0/…}, so the door's filters must see it as such.
 */
final class PosPaths {
    private PosPaths() {
    }

    static String path(HttpServletRequest request) {
        return UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    }

    static boolean isPos(HttpServletRequest request) {
        return path(request).startsWith("/api/");
    }
}
