package io.tillgate.json;

import io.tillgate.engine.json.Json;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    @Test
    void aNumberIsWrittenOneWayHoweverTheTillWroteIt() {
        assertThat(Fingerprint.canonical(new BigDecimal("1.50"))).isEqualTo("1.5");
        assertThat(Fingerprint.canonical(new BigDecimal("15E-1"))).isEqualTo("1.5");
        assertThat(Fingerprint.canonical(new BigDecimal("100"))).isEqualTo("100"); // plain, as stored fingerprints have it
        assertThat(Fingerprint.canonical(new BigDecimal("0.000"))).isEqualTo("0");
    }

    @Test
    void aHugeExponentIsWrittenInScientificNotationNotInABillionDigits() {
        assertThat(Fingerprint.canonical(new BigDecimal("1E+999999999"))).isEqualTo("1E+999999999");
        assertThat(Fingerprint.canonical(new BigDecimal("10E+999999998"))).isEqualTo("1E+999999999");
        assertThat(Fingerprint.canonical(new BigDecimal("1E-999999999"))).isEqualTo("1E-999999999");
        assertThat(Fingerprint.of(Json.parse("{\"tax_total\": 1E+999999999}"))).isEqualTo(Fingerprint.of(Json.parse("{\"tax_total\": 10E+999999998}")));
    }
}
