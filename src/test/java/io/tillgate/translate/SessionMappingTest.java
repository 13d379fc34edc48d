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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(ids(SessionMapping.DEFAULT, tx)).containsExactly("discounts[0].user_id null from-discount");
        payment(tx, "3.00", "from-payment");
        assertThat(ids(SessionMapping.DEFAULT, tx)).containsExactly("payments[1].user_id null from-payment",
                "discounts[0].user_id null from-discount");
        assertThat(SessionMapping.DEFAULT.customer().resolutionOf("anything")).isEqualTo(CustomerIds.Resolution.PROFILE);
        tx.putArray("discounts");
        tx.putArray("payments");
        assertThat(ids(SessionMapping.DEFAULT, tx)).isEmpty();
    }

    @Test
    void theShippedMappingReadsEachPaymentsIdWithItsTypeAndAnUntypedIdAsAnExternalId() throws Exception {
        SessionMapping mapping = SessionMapping.read(new ObjectMapper(new YAMLFactory()).readTree(Path.of("mappings/session.yaml").toFile()));
        ObjectNode tx = sale();
        payment(tx, "1.00", "sm-1").put("user_id_type", "SessionM_ID").put("additional_user_id", "ext-1")
                .put("additional_user_id_type", "External_ID");
        payment(tx, "1.00", "  ext-2 ").remove("user_id_type");
        ((ArrayNode) tx.get("discounts")).addObject().put("reference_id", "offer-1").put("user_id", "ext-3");
        assertThat(ids(mapping, tx)).containsExactly("payments[0].user_id SessionM_ID sm-1", "payments[1].user_id External_ID ext-2",
                "payments[0].additional_user_id External_ID ext-1", "discounts[0].user_id External_ID ext-3");
        assertThat(mapping.customer().resolutionOf("SessionM_ID")).isEqualTo(CustomerIds.Resolution.LINKED);
        assertThat(mapping.customer().resolutionOf("External_ID")).isEqualTo(CustomerIds.Resolution.PROFILE);
        assertThat(mapping.customer().resolutionOf("Loyalty_Card")).isNull();
    }

    @Test
    void aCustomerMappingThatCannotWorkIsRefusedWhenRead() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        assertThatThrownBy(() -> SessionMapping.read(yaml.readTree("customer: {ids: [a], types: {X: sometimes}}")))
                .hasMessageContaining("customer.types.X is 'profile' or 'linked'");
        assertThatThrownBy(() -> SessionMapping.read(yaml.readTree("customer: {ids: [a], types: {X: linked}, untyped: Y}")))
                .hasMessageContaining("customer.untyped names 'Y'");
        assertThatThrownBy(() -> SessionMapping.read(yaml.readTree("customer: {ids: [{id: a, type: b}]}")))
                .hasMessageContaining("customer.ids[0]");
        assertThatThrownBy(() -> SessionMapping.read(yaml.readTree("profile: [a]\ncustomer: {ids: [a]}")))
                .hasMessageContaining("customer replaces profile");
        assertThatThrownBy(() -> SessionMapping.read(yaml.readTree("customer: {ids: [a], types: {" + "T".repeat(65) + ": linked}}")))
                .hasMessageContaining("an id type is 1 to 64 characters");
    }

    private static java.util.List<String> ids(SessionMapping mapping, ObjectNode tx) {
        return mapping.customer().found(tx).stream().map(f -> f.field() + " " + f.type() + " " + f.value()).toList();
    }

    @Test
    void aCardIsTakenFromTheTransactionsOrAPaymentsCustomDataOnceAndANullIsNoCard() {
        ObjectNode tx = sale();
        tx.putObject("custom_data").put("loyalty_card", " CLUB-1 ");
        payment(tx, "1.00", "x").putObject("custom_data").put("loyalty_card", "CLUB-1");
        payment(tx, "1.00", "y").putObject("custom_data").putNull("loyalty_card");
        payment(tx, "1.00", "z").putObject("custom_data").put("loyalty_card", "CLUB-2");
        assertThat(SessionMapping.DEFAULT.loyaltyCardsOf(tx)).containsExactly("CLUB-1", "CLUB-2");
        tx.putObject("custom_data").putNull("loyalty_card");
        tx.putArray("payments");
        assertThat(SessionMapping.DEFAULT.loyaltyCardsOf(tx)).isEmpty();
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
        assertThat(ids(mapping, tx)).isEmpty();
        assertThat(mapping.couponCodesOf(tx)).isEmpty();
    }
}
