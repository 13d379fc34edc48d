package io.tillgate.translate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.payment;
import static io.tillgate.PosFixtures.transaction;
import static org.assertj.core.api.Assertions.assertThat;

class SessionMappingTest {

    private static ObjectNode sale() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:04:12.000Z");
        line(tx, "1", "A", 1, "5.00");
        return tx;
    }

    @Test
    void theProfileIsTheFirstPaymentUserThenTheDiscountUserElseAnonymous() {
        ObjectNode tx = sale();
        ((ArrayNode) tx.get("payments")).addObject().put("payment_id", "cash").put("amount", 2);
        ((ArrayNode) tx.get("discounts")).addObject().put("reference_id", "offer-1").put("user_id", "from-discount");
        assertThat(SessionMapping.DEFAULT.profileOf(tx)).contains("from-discount");
        payment(tx, "3.00", "from-payment");
        assertThat(SessionMapping.DEFAULT.profileOf(tx)).contains("from-payment");
        tx.putArray("discounts");
        tx.putArray("payments");
        assertThat(SessionMapping.DEFAULT.profileOf(tx)).isEmpty();
    }

    @Test
    void discountReferencesBecomeCouponCodesOnceEach() {
        ObjectNode tx = sale();
        ArrayNode discounts = (ArrayNode) tx.get("discounts");
        discounts.addObject().put("reference_id", "SPRING-20");
        discounts.addObject().put("reference_id", "  ");
        discounts.addObject().put("pos_discount_id", "manual-5");
        discounts.addObject().put("reference_id", "SPRING-20");
        discounts.addObject().put("reference_id", "VIP-1");
        assertThat(SessionMapping.DEFAULT.couponCodesOf(tx)).containsExactly("SPRING-20", "VIP-1");
    }

    @Test
    void theShippedMappingFileGivesChannelTableGuestsAndCustomDataAsAttributes() throws Exception {
        SessionMapping mapping = SessionMapping.read(new ObjectMapper(new YAMLFactory()).readTree(Path.of("mappings/session.yaml").toFile()));
        ObjectNode tx = sale().put("channel", "POS").put("table_id", "12").put("guest_count", 3);
        tx.putObject("custom_data").put("loyaltyTier", "gold");
        ObjectNode attributes = mapping.attributesOf(tx);
        assertThat(attributes.get("channel").asText()).isEqualTo("POS");
        assertThat(attributes.get("tableId").asText()).isEqualTo("12");
        assertThat(attributes.get("guestCount").asInt()).isEqualTo(3);
        assertThat(attributes.at("/custom/loyaltyTier").asText()).isEqualTo("gold");
        assertThat(mapping.attributesOf(sale()).has("tableId")).isFalse();
    }

    @Test
    void aMappingWithoutProfileSourcesMakesEverySessionAnonymous() throws Exception {
        SessionMapping mapping = SessionMapping.read(new ObjectMapper(new YAMLFactory()).readTree("profile: null\ncouponCodes: null\n"));
        ObjectNode tx = sale();
        payment(tx, "5.00", "customer-1");
        ((ArrayNode) tx.get("discounts")).addObject().put("reference_id", "SPRING-20");
        assertThat(mapping.profileOf(tx)).isEmpty();
        assertThat(mapping.couponCodesOf(tx)).isEmpty();
    }
}
