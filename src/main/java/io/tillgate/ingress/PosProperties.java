package io.tillgate.ingress;

import io.tillgate.pos.ArithmeticPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * {@code tillgate.pos.*}: who may post, how strictly arithmetic is checked, how large a body may be,
 * how long request ids are remembered, and how far in the future a transaction's modified_time may lie before
 * it is not believed ({@code maxClockSkew}: such a sale is evaluated when it is processed, with a warning).
 */
@ConfigurationProperties("tillgate.pos")
public record PosProperties(List<Client> clients,
                            @DefaultValue("warn") ArithmeticPolicy arithmetic,
                            @DefaultValue("5MB") DataSize maxBodySize,
                            @DefaultValue("24h") Duration idempotencyRetention,
                            @DefaultValue("5m") Duration maxClockSkew) {

    public PosProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    /** A POS credential: HTTP Basic user and password, and the stores it may post for ({@code *}: any). */
    public record Client(String key, String secret, List<String> stores) {
        public Client {
            stores = stores == null ? List.of() : List.copyOf(stores);
        }

        public boolean mayPostFor(String storeId) {
            return stores.contains("*") || stores.contains(storeId);
        }
    }
}
