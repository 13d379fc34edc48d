package io.tillgate.translate;

import io.tillgate.engine.json.Json;
import io.tillgate.engine.session.UnitShare;
import io.tillgate.pos.PosDiscount;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The till's discounts spread over the units they were given on, to the cent. */
class TillDiscountSharesTest {
    private static final List<CartLine> CART = List.of(
            new CartLine(0, "1", "SKU-1001", null, null, new BigDecimal("30.11"), 2, 0, null, null),
            new CartLine(1, "2", "SKU-2002", null, null, new BigDecimal("41.52"), 1, 0, null, null),
            new CartLine(2, "3", "SKU-3003", null, null, new BigDecimal("10.00"), 3, 0, null, null));
    private static final List<BigDecimal> PRICES = CART.stream().map(CartLine::price).toList();

    private static PosDiscount discount(String amount, List<String> lines, List<Integer> quantities) {
        return new PosDiscount(null, null, "d-1", "till's own", new BigDecimal(amount), null, lines, quantities);
    }

    private static List<String> net(TillDiscountShares.Shares shares) {
        return shares.netUnitPrices().stream().map(units -> units.stream().map(BigDecimal::toPlainString).toList().toString()).toList();
    }

    @Test
    void anOfferOnOneLineTakesItsAmountOffThatLinesUnits() {
        var shares = TillDiscountShares.allocate(CART, PRICES, List.of(discount("4.15", List.of("2"), List.of(1))), 2);
        assertThat(net(shares)).containsExactly("[30.11, 30.11]", "[37.37]", "[10.00, 10.00, 10.00]");
        assertThat(shares.perDiscount().get(0)).containsExactly(new UnitShare(1, 0, new BigDecimal("4.15"), false));
        assertThat(shares.warnings()).isEmpty();
    }

    @Test
    void aDiscountOverUnitsOfOnePriceLeavesTheCentsToTheEarliest() {
        var shares = TillDiscountShares.allocate(CART, PRICES, List.of(discount("1.00", List.of("3"), null)), 2);
        assertThat(net(shares).get(2)).isEqualTo("[9.66, 9.67, 9.67]");
        assertThat(shares.perDiscount().get(0)).extracting(UnitShare::amount).map(BigDecimal::toPlainString)
                .containsExactly("0.34", "0.33", "0.33");
    }

    @Test
    void aDiscountGivenOnSomeUnitsOfALineTakesTheFirstOnes() {
        var shares = TillDiscountShares.allocate(CART, PRICES, List.of(discount("2.00", List.of("3"), List.of(1))), 2);
        assertThat(net(shares).get(2)).isEqualTo("[8.00, 10.00, 10.00]");
    }

    @Test
    void aDiscountOnTheWholeCheckIsSpreadByPriceAndALaterOneOnWhatTheFirstLeft() {
        var shares = TillDiscountShares.allocate(CART, PRICES, List.of(discount("10.00", List.of(), null),
                discount("4.15", List.of("2"), List.of(1))), 2);
        // 10.00 over 30.11, 30.11, 41.52, 10, 10, 10 (131.74): 2.2855…, 2.2855…, 3.1516…, 0.7590… × 3
        assertThat(shares.perDiscount().get(0)).extracting(UnitShare::amount).map(BigDecimal::toPlainString)
                .containsExactly("2.29", "2.28", "3.15", "0.76", "0.76", "0.76");
        assertThat(net(shares)).containsExactly("[27.82, 27.83]", "[34.22]", "[9.24, 9.24, 9.24]");
        assertThat(shares.spread()).map(BigDecimal::toPlainString).containsExactly("10.00", "4.15");
    }

    @Test
    void whatDoesNotAddUpIsSaidAndNothingGoesBelowZero() {
        var shares = TillDiscountShares.allocate(CART, PRICES, List.of(discount("50.00", List.of("2", "9"), null)), 2);
        assertThat(net(shares).get(1)).isEqualTo("[0.00]");
        assertThat(shares.spread()).map(BigDecimal::toPlainString).containsExactly("41.52");
        assertThat(shares.warnings()).extracting(w -> w.code() + " " + w.field()).containsExactly(
                "discount_unknown_line request_payload.discounts[0].discounted_line_ids[1]",
                "discount_exceeds_lines request_payload.discounts[0].amount");
    }

    @Test
    void storesSayWhoseDiscountsCount() {
        StoreMappings stores = StoreMappings.read(Json.parse("""
                {"stores": {"a": {"application": 1, "discounts": "pos"}, "b": {"application": 1},
                            "*": {"application": 2, "discounts": "pos"}}}"""));
        assertThat(stores.discountsOf("a")).isEqualTo(DiscountsMode.POS);
        assertThat(stores.discountsOf("b")).isEqualTo(DiscountsMode.ENGINE);
        assertThat(stores.discountsOf("elsewhere")).isEqualTo(DiscountsMode.POS);
        assertThat(StoreMappings.NONE.discountsOf("a")).isEqualTo(DiscountsMode.ENGINE);
        assertThatThrownBy(() -> StoreMappings.read(Json.parse("{\"stores\": {\"a\": {\"application\": 1, \"discounts\": \"till\"}}}")))
                .hasMessage("store 'a': discounts is engine or pos, not 'till'");
    }
}
