package io.tillgate;

import io.tillgate.store.DurableCommits;
import io.tillgate.store.FlushingTransactionManager;
import io.tillgate.translate.Catalog;
import io.tillgate.translate.CatalogReader;
import io.tillgate.translate.MappingFile;
import io.tillgate.translate.SessionMapping;
import io.tillgate.translate.StoreMappings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;

@Configuration(proxyBeanMethods = false)
public class GatewayConfiguration {

    /** Replaces Spring Boot's: commits reach the disk before the code after them runs (H2 is run with a write delay). */
    @Bean
    FlushingTransactionManager transactionManager(DataSource dataSource, DurableCommits durable) {
        return new FlushingTransactionManager(dataSource, durable);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    MappingFile<Catalog> catalogFile(@Value("${tillgate.mappings-dir}") Path mappings) {
        return new MappingFile<>(mappings.resolve("catalog.yaml"), CatalogReader::read, Catalog.EMPTY);
    }

    @Bean
    MappingFile<SessionMapping> sessionMapping(@Value("${tillgate.mappings-dir}") Path mappings) {
        return new MappingFile<>(mappings.resolve("session.yaml"), SessionMapping::read, SessionMapping.DEFAULT);
    }

    @Bean
    MappingFile<StoreMappings> storeMappings(@Value("${tillgate.mappings-dir}") Path mappings) {
        return new MappingFile<>(mappings.resolve("stores.yaml"), StoreMappings::read, StoreMappings.NONE);
    }
}
