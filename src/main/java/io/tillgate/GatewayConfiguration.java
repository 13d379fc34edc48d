package io.tillgate;

import io.tillgate.translate.CatalogFile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CatalogFile catalogFile(@Value("${tillgate.mappings-dir}") Path mappings) {
        return new CatalogFile(mappings.resolve("catalog.yaml"));
    }
}
