package io.tillgate.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** STOMP 1.2 frames over a plain socket: what an effects consumer in any language sends and reads. */
public final class StompFrames {
    private StompFrames() {
    }

    public static void send(OutputStream out, String frame) throws IOException {
        out.write((frame + "\0").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next frame, heart-beats (bare line ends) skipped. */
    public static String frame(InputStream in) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            if (b == 0) {
                return frame.toString(StandardCharsets.UTF_8);
            }
            if (frame.size() == 0 && (b == '\n' || b == '\r')) {
                continue;
            }
            frame.write(b);
        }
        throw new IOException("the broker closed the connection");
    }
}
