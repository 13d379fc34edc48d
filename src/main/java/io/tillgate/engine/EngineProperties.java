package io.tillgate.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * {@code tillgate.engine.*}: the applications (each with its currency and Integration API key), the
 * Management API key, where demo campaigns and loyalty programs are read from at start, the largest body
 * the engine's APIs read.
 */
@ConfigurationProperties("tillgate.engine")
public record EngineProperties(List<Application> applications, String managementKey,
                               @DefaultValue("./campaigns") Path campaignsDir,
                               @DefaultValue("5s") Duration campaignRefresh,
                               @DefaultValue("1MB") DataSize maxBodySize) {

    public EngineProperties {
        applications = applications == null ? List.of() : List.copyOf(applications);
    }

    /** {@code timezone}: an IANA time zone id; budgets with a period start their days, weeks, months and years in it. */
    public record Application(long id, String name, String currency, String apiKey,
                              @DefaultValue("HALF_EVEN") RoundingMode rounding, @DefaultValue("UTC") String timezone) {
        public Application {
            // a list set on the command line replaces the whole list: an entry given only its timezone has no key
            if (apiKey == null) {
                throw new IllegalArgumentException("tillgate.engine.applications: application " + id + " needs its api-key "
                        + "(setting one field of an application elsewhere replaces the whole list: restate the others)");
            }
            try {
                java.time.ZoneId.of(timezone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException("tillgate.engine.applications: application " + id + "'s timezone '"
                        + timezone + "' is not a time zone id such as Europe/Berlin or UTC");
            }
        }

        public java.time.ZoneId zone() {
            return java.time.ZoneId.of(timezone);
        }
    }
}
