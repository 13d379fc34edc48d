package io.tillgate.translate;

import io.tillgate.engine.money.Allocation;
import io.tillgate.engine.session.UnitShare;
import io.tillgate.pos.FieldError;
import io.tillgate.pos.PosDiscount;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What the customer paid for each unit of a check where the till's discounts count: each POS discount, in the
 * order the till listed them, spread over the units it was given on ({@code discounted_line_ids} and the quantity
 * of each, the first units of a line; every unit of the check without them) by what each unit still costs,
 * to the cent, the cents left over to the largest remainders. Pure: the same check always gives the same shares.
 */
public final class TillDiscountShares {
    private TillDiscountShares() {
    }

    /**
     * Each cart line's units' net prices (by position), each discount's shares (empty for one with no amount) and
     * what of it was spread, and what did not add up (a line the check does not hold, more than the units cost).
     */
    public record Shares(List<List<BigDecimal>> netUnitPrices, List<List<UnitShare>> perDiscount, List<BigDecimal> spread,
                         List<FieldError> warnings) {
    }

    /** {@code prices}: each cart line's unit price at the currency's scale, {@code scale}. */
    public static Shares allocate(List<CartLine> cart, List<BigDecimal> prices, List<PosDiscount> discounts, int scale) {
        List<List<BigDecimal>> net = new ArrayList<>();
        for (int p = 0; p < cart.size(); p++) {
            List<BigDecimal> units = new ArrayList<>();
            for (int u = 0; u < cart.get(p).quantity(); u++) {
                units.add(prices.get(p));
            }
            net.add(units);
        }
        List<List<UnitShare>> perDiscount = new ArrayList<>();
        List<BigDecimal> spread = new ArrayList<>();
        List<FieldError> warnings = new ArrayList<>();
        for (int i = 0; i < discounts.size(); i++) {
            PosDiscount discount = discounts.get(i);
            String at = "request_payload.discounts[" + i + "]";
            List<int[]> targets = targets(cart, discount, at, warnings);
            BigDecimal amount = discount.amount() == null ? BigDecimal.ZERO
                    : discount.amount().setScale(scale, java.math.RoundingMode.HALF_EVEN);
            List<BigDecimal> weights = targets.stream().map(t -> net.get(t[0]).get(t[1])).toList();
            BigDecimal room = weights.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            if (amount.compareTo(room) > 0) {
                warnings.add(new FieldError("discount_exceeds_lines", at + ".amount", "the discount of "
                        + amount.toPlainString() + " is more than its units cost, " + room.toPlainString()
                        + ": only that is taken off them"));
                amount = room;
            }
            List<UnitShare> shares = new ArrayList<>();
            if (amount.signum() > 0) {
                List<BigDecimal> split = Allocation.split(amount, weights, scale);
                for (int t = 0; t < targets.size(); t++) {
                    int[] unit = targets.get(t);
                    BigDecimal share = split.get(t);
                    if (share.signum() > 0) {
                        net.get(unit[0]).set(unit[1], net.get(unit[0]).get(unit[1]).subtract(share));
                        shares.add(new UnitShare(unit[0], unit[1], share, false));
                    }
                }
            }
            perDiscount.add(List.copyOf(shares));
            spread.add(amount);
        }
        return new Shares(net.stream().map(List::copyOf).toList(), List.copyOf(perDiscount), List.copyOf(spread),
                List.copyOf(warnings));
    }

    /** The units a discount was given on, as {position, unit} in line then unit order. */
    private static List<int[]> targets(List<CartLine> cart, PosDiscount discount, String at, List<FieldError> warnings) {
        List<int[]> targets = new ArrayList<>();
        if (discount.discountedLineIds().isEmpty()) {
            for (CartLine line : cart) {
                for (int u = 0; u < line.quantity(); u++) {
                    targets.add(new int[]{line.position(), u});
                }
            }
            return targets;
        }
        for (int j = 0; j < discount.discountedLineIds().size(); j++) {
            String lineId = discount.discountedLineIds().get(j);
            CartLine line = cart.stream().filter(l -> l.lineId().equals(lineId)).findFirst().orElse(null);
            if (line == null) {
                warnings.add(new FieldError("discount_unknown_line", at + ".discounted_line_ids[" + j + "]",
                        "line '" + lineId + "' is not in the check (or was voided): nothing of the discount is put on it"));
                continue;
            }
            int units = line.quantity();
            if (discount.discountedLineIdQuantities() != null) {
                int asked = discount.discountedLineIdQuantities().get(j);
                if (asked > line.quantity()) {
                    warnings.add(new FieldError("discount_exceeds_lines", at + ".discounted_line_id_quantities[" + j + "]",
                            asked + " units of line '" + lineId + "', which holds " + line.quantity() + ": given on those"));
                }
                units = Math.min(asked, line.quantity());
            }
            for (int u = 0; u < units; u++) {
                targets.add(new int[]{line.position(), u});
            }
        }
        return targets;
    }
}
