package io.tillgate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * Makes {@code tillgate.data-dir} absolute before anything uses it: H2 refuses file paths that are
 * implicitly relative, and operators write {@code TILLGATE_DATA_DIR=data} as often as {@code ./data}.
 */
public class DataDirectory implements EnvironmentPostProcessor {
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty("tillgate.data-dir", "./data");
        String absolute = Path.of(configured).toAbsolutePath().normalize().toString();
        environment.getPropertySources().addFirst(new MapPropertySource("tillgateDataDirectory",
                Map.of("tillgate.data-dir", absolute)));
    }
}
