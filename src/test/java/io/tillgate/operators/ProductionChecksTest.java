package io.tillgate.operators;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProductionChecksTest {

    private static MockEnvironment demo() {
        return new MockEnvironment()
                .withProperty("tillgate.pos.clients[0].key", "demo-pos")
                .withProperty("tillgate.pos.clients[0].secret", "demo-secret")
                .withProperty("tillgate.engine.management-key", "demo-management-key")
                .withProperty("tillgate.engine.applications[0].id", "1")
                .withProperty("tillgate.engine.applications[0].api-key", "demo-app-key")
                .withProperty("tillgate.broker.users[0].name", "gateway")
                .withProperty("tillgate.broker.users[0].password", "gateway-secret")
                .withProperty("spring.artemis.password", "gateway-secret")
                .withProperty("tillgate.operators[0].name", "operator")
                .withProperty("tillgate.operators[0].password", "{noop}demo-secret")
                .withProperty("tillgate.operators[1].name", "night-shift")
                // bcrypt of demo-secret: a hashed demo password is still the demo password
                .withProperty("tillgate.operators[1].password", "{bcrypt}$2a$10$qokjzKeiFIdxXaFa6UH8RuBUKv/rnZ/rZHyyk3uXTBX7q7JmFpCo2");
    }

    private static MockEnvironment own() {
        return new MockEnvironment()
                .withProperty("tillgate.pos.clients[0].key", "till-7")
                .withProperty("tillgate.pos.clients[0].secret", "7f3a9c")
                .withProperty("tillgate.engine.management-key", "m-91c2")
                .withProperty("tillgate.broker.users[0].name", "gateway")
                .withProperty("tillgate.broker.users[0].password", "b-77")
                .withProperty("spring.artemis.password", "b-77")
                .withProperty("tillgate.operators[0].name", "operator")
                .withProperty("tillgate.operators[0].password", "{noop}o-5521");
    }

    private static void check(MockEnvironment environment) {
        ProductionChecks checks = new ProductionChecks();
        checks.setEnvironment(environment);
        checks.postProcessBeanFactory(new DefaultListableBeanFactory());
    }

    @Test
    void everyDemoSecretInUseIsNamed() {
        assertThat(ProductionChecks.demoSecretsInUse(demo())).containsExactly(
                "tillgate.pos.clients[0].secret (POS client demo-pos)",
                "tillgate.engine.applications[0].api-key (application 1)",
                "tillgate.engine.management-key",
                "tillgate.broker.users[0].password (broker user gateway)",
                "spring.artemis.password (TILLGATE_BROKER_PASSWORD)",
                "tillgate.operators[0].password (operator operator)",
                "tillgate.operators[1].password (operator night-shift)");
        assertThat(ProductionChecks.demoSecretsInUse(own())).isEmpty();
    }

    @Test
    void withoutTheProductionSwitchDemoSecretsOnlyWarn() {
        check(demo());
    }

    @Test
    void inProductionDemoSecretsStopTheStartNamingThem() {
        assertThatThrownBy(() -> check(demo().withProperty("tillgate.production", "true")
                .withProperty("tillgate.production.tls-terminated-upstream", "true")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("demo secrets in use: tillgate.pos.clients[0].secret (POS client demo-pos)")
                .hasMessageContaining("tillgate.operators[0].password (operator operator)")
                .hasMessageNotContaining("plain-text listeners");
    }

    @Test
    void inProductionPlainListenersStopTheStartUnlessTlsEndsUpstream() {
        assertThatThrownBy(() -> check(own().withProperty("tillgate.production", "true")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("plain-text listeners: HTTP on port 8080, the broker's TCP acceptor on port 61616");
        check(own().withProperty("tillgate.production", "true").withProperty("tillgate.production.tls-terminated-upstream", "true"));
        check(own().withProperty("tillgate.production", "true")
                .withProperty("server.ssl.bundle", "tillgate")
                .withProperty("tillgate.broker.tcp.tls.key-store", "/etc/tillgate/broker.p12"));
    }
}
