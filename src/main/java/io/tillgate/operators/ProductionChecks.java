package io.tillgate.operators;

import io.tillgate.broker.BrokerAccess;
import io.tillgate.engine.EngineProperties;
import io.tillgate.ingress.PosProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs before any other bean is made, so before a port is opened: names every demo secret still in use
 * (POS clients, engine keys, broker users, operators) in one WARN, and with {@code tillgate.production=true}
 * ({@code TILLGATE_PRODUCTION=true}) refuses to start while any is, or while a listener is plain
 * without {@code tillgate.production.tls-terminated-upstream=true}.
 */
@Component
public class ProductionChecks implements BeanFactoryPostProcessor, EnvironmentAware {
    /** The secrets the shipped configuration and the README use; anything else is the operator's own. */
    static final Set<String> DEMO_SECRETS = Set.of("demo-secret", "demo-app-key", "demo-management-key", "gateway-secret");
    private static final Logger LOG = LoggerFactory.getLogger(ProductionChecks.class);
    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<String> demo = demoSecretsInUse(environment);
        boolean production = environment.getProperty("tillgate.production", Boolean.class, false);
        List<String> plain = production && !environment.getProperty("tillgate.production.tls-terminated-upstream", Boolean.class, false)
                ? plainListeners(environment) : List.of();
        if (production && (!demo.isEmpty() || !plain.isEmpty())) {
            List<String> problems = new ArrayList<>();
            if (!demo.isEmpty()) {
                problems.add("demo secrets in use: " + String.join(", ", demo));
            }
            if (!plain.isEmpty()) {
                problems.add("plain-text listeners: " + String.join(", ", plain)
                        + " (configure TLS, or set tillgate.production.tls-terminated-upstream=true if TLS ends in front of tillgate)");
            }
            throw new IllegalStateException("tillgate.production is true and tillgate will not start: " + String.join("; ", problems));
        }
        if (!demo.isEmpty()) {
            LOG.warn("Demo secrets in use, fine for a demo, never for production (TILLGATE_PRODUCTION=true refuses them): {}",
                    String.join(", ", demo));
        }
    }

    static List<String> demoSecretsInUse(Environment environment) {
        Binder binder = Binder.get(environment);
        List<String> found = new ArrayList<>();
        PosProperties pos = binder.bind("tillgate.pos", PosProperties.class).orElse(null);
        if (pos != null) {
            for (int i = 0; i < pos.clients().size(); i++) {
                if (DEMO_SECRETS.contains(pos.clients().get(i).secret())) {
                    found.add("tillgate.pos.clients[" + i + "].secret (POS client " + pos.clients().get(i).key() + ")");
                }
            }
        }
        EngineProperties engine = binder.bind("tillgate.engine", EngineProperties.class).orElse(null);
        if (engine != null) {
            for (int i = 0; i < engine.applications().size(); i++) {
                if (DEMO_SECRETS.contains(engine.applications().get(i).apiKey())) {
                    found.add("tillgate.engine.applications[" + i + "].api-key (application " + engine.applications().get(i).id() + ")");
                }
            }
            if (DEMO_SECRETS.contains(engine.managementKey())) {
                found.add("tillgate.engine.management-key");
            }
        }
        BrokerAccess broker = binder.bind("tillgate.broker", BrokerAccess.class).orElse(null);
        boolean embedded = environment.getProperty("spring.artemis.embedded.enabled", Boolean.class, true);
        if (broker != null && embedded) {
            for (int i = 0; i < broker.users().size(); i++) {
                if (DEMO_SECRETS.contains(broker.users().get(i).password())) {
                    found.add("tillgate.broker.users[" + i + "].password (broker user " + broker.users().get(i).name() + ")");
                }
            }
        }
        if (DEMO_SECRETS.contains(environment.getProperty("spring.artemis.password"))) {
            found.add("spring.artemis.password (TILLGATE_BROKER_PASSWORD)");
        }
        PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<Operator> operators = Operator.configured(environment);
        for (int i = 0; i < operators.size(); i++) {
            Operator operator = operators.get(i);
            if (DEMO_SECRETS.stream().anyMatch(secret -> passwords.matches(secret, operator.password()))) {
                found.add("tillgate.operators[" + i + "].password (operator " + operator.name() + ")");
            }
        }
        return found;
    }

    static List<String> plainListeners(Environment environment) {
        List<String> plain = new ArrayList<>();
        boolean httpTls = environment.getProperty("server.ssl.enabled", Boolean.class, true)
                && (environment.getProperty("server.ssl.bundle") != null || environment.getProperty("server.ssl.key-store") != null);
        if (!httpTls) {
            plain.add("HTTP on port " + environment.getProperty("server.port", "8080"));
        }
        boolean embedded = environment.getProperty("spring.artemis.embedded.enabled", Boolean.class, true);
        if (embedded && environment.getProperty("tillgate.broker.tcp.enabled", Boolean.class, true)
                && !org.springframework.util.StringUtils.hasText(environment.getProperty("tillgate.broker.tcp.tls.key-store"))) {
            plain.add("the broker's TCP acceptor on port " + environment.getProperty("tillgate.broker.tcp.port", "61616"));
        }
        return plain;
    }
}
