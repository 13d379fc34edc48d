package io.tillgate.engine.evaluate;

import io.tillgate.engine.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Attributes as CEL reads them (as the APIs parse them): numbers never wrapped round, nulls inside left out. */
class CelValuesTest {

    @Test
    void aWholeNumberBeyondALongIsTheNearestDoubleNotAWrappedOne() throws Exception {
        Map<?, ?> value = (Map<?, ?>) CelValues.value(Json.MAPPER.readTree(
                "{\"big\": 9223372036854775808, \"huge\": 123456789012345678901234567890}"), null);
        assertThat(value.get("big")).isEqualTo(9.223372036854775808E18);
        assertThat(value.get("huge")).isEqualTo(1.2345678901234568E29);
    }

    @Test
    void aNullInsideIsLeftOut() throws Exception {
        assertThat(CelValues.value(Json.MAPPER.readTree("{\"x\": {\"y\": null}, \"z\": [null, 1]}"), null))
                .isEqualTo(Map.of("x", Map.of(), "z", List.of(1.0)));
    }
}
