package io.tillgate.engine.web;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

/**
 * A request body read into memory up to a cap, and never past it: one declared larger is refused before a byte
 * is read, one sent in chunks is counted while it is read.
 */
public final class BoundedBody {
    private BoundedBody() {
    }

    /** The body, or null when it is over {@code maxBytes}. */
    public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        return body.length > maxBytes ? null : body;
    }
}
