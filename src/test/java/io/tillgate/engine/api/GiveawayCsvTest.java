package io.tillgate.engine.api;

import io.tillgate.engine.EngineException;
import io.tillgate.engine.store.GiveawayStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Talon.One's giveaway CSV, read as its documentation writes it, and every line in error named. */
class GiveawayCsvTest {

    @Test
    void quotedFieldsDoubledQuotesLineBreaksAndOffsetsAreRead() {
        // a code is text without control characters (a line break in one is refused); attributes may hold one
        List<GiveawayStore.Giveaway> codes = GiveawayCsv.read("""
                code,startdate,enddate,attributes\r
                GIVEAWAY1,2020-11-10T23:00:00Z,2022-11-11T23:00:00+01:00,"{""provider"": ""Amazon""}"\r
                "A,B",,,\r
                C,,,"{""a"":
                1}"
                \r
                """);
        assertThat(codes).extracting(GiveawayStore.Giveaway::code).containsExactly("GIVEAWAY1", "A,B", "C");
        assertThat(codes.get(2).attributes()).isEqualTo("{\"a\":1}"); // a quoted field holds a line break
        assertThat(codes.get(0).startDate()).isEqualTo(Instant.parse("2020-11-10T23:00:00Z"));
        assertThat(codes.get(0).endDate()).isEqualTo(Instant.parse("2022-11-11T22:00:00Z"));
        assertThat(codes.get(0).attributes()).isEqualTo("{\"provider\":\"Amazon\"}");
        assertThat(codes.get(1).attributes()).isEqualTo("{}");
        assertThat(GiveawayCsv.quoted("say \"hi\", twice")).isEqualTo("\"say \"\"hi\"\", twice\"");
    }

    @Test
    void aWrongLineIsNamed() {
        refused("", "line 1");
        refused("coupon\nX\n", "line 1: 'coupon' is not a column");
        refused("startdate\n2020-01-01T00:00:00Z\n", "line 1: the file has no code column");
        refused("code,startdate\nX,tomorrow\n", "line 2: startdate 'tomorrow'");
        refused("code,startdate,enddate\nX,2021-01-01T00:00:00Z,2020-01-01T00:00:00Z\n", "line 2: enddate is after startdate");
        refused("code,attributes\nX,[1]\n", "line 2: attributes is a JSON object");
        refused("code\nX\n\"open\n", "a quoted field is not closed");
        refused("code,enddate\nX\n", "line 2: has 1 fields, the header 2");
    }

    private static void refused(String csv, String words) {
        assertThatThrownBy(() -> GiveawayCsv.read(csv)).isInstanceOf(EngineException.class).hasMessageContaining(words);
    }
}
