package io.tillgate.engine;

import io.tillgate.engine.money.Money;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The configured applications; the Integration API key names the application a request acts for. */
@Component
public class Applications {
    private final EngineProperties properties;

    public Applications(EngineProperties properties) {
        this.properties = properties;
        properties.applications().forEach(Applications::application); // an application without a currency stops the start
    }

    /** An application: its money, and the time zone its budgets' days, weeks, months and years start in. */
    public record Application(long id, String name, Money money, java.time.ZoneId zone) {
    }

    public Optional<Application> byApiKey(String authorization) {
        String key = credential(authorization, "ApiKey-v1 ");
        return key == null ? Optional.empty() : properties.applications().stream()
                .filter(a -> equal(a.apiKey(), key)).findFirst().map(Applications::application);
    }

    /** Every application, in the order they are configured. */
    public java.util.List<Application> all() {
        return properties.applications().stream().map(Applications::application).toList();
    }

    public Optional<Application> byId(long id) {
        return properties.applications().stream().filter(a -> a.id() == id).findFirst().map(Applications::application);
    }

    public boolean isManagementKey(String authorization) {
        String key = credential(authorization, "ManagementKey-v1 ");
        return key != null && properties.managementKey() != null && equal(properties.managementKey(), key);
    }

    private static Application application(EngineProperties.Application a) {
        if (a.currency() == null) {
            throw new IllegalStateException("tillgate.engine.applications: application " + a.id() + " needs its currency "
                    + "(setting one field of an application elsewhere replaces the whole list: restate the others)");
        }
        return new Application(a.id(), a.name(), Money.of(a.currency(), a.rounding()), a.zone());
    }

    private static String credential(String authorization, String scheme) {
        return authorization != null && authorization.regionMatches(true, 0, scheme, 0, scheme.length())
                ? authorization.substring(scheme.length()).trim() : null;
    }

    private static boolean equal(String expected, String given) {
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
