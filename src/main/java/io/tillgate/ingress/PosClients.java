package io.tillgate.ingress;

import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** HTTP Basic authentication of POS clients against the configured credentials. */
@Component
public class PosClients {
    private final PosProperties properties;

    public PosClients(PosProperties properties) {
        this.properties = properties;
    }

    public Optional<PosProperties.Client> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String key = decoded.substring(0, colon);
        byte[] secret = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        return properties.clients().stream()
                .filter(client -> client.key().equals(key))
                .filter(client -> MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8), secret))
                .findFirst();
    }
}
