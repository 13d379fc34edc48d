package io.tillgate.offers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.engine.json.Json;
import io.tillgate.engine.lifecycle.OfferResult;
import io.tillgate.fulfil.SessionFulfiller;
import io.tillgate.ingress.PosReplies;
import io.tillgate.translate.CartLine;

import java.util.List;

/** The offer calls' answers in the POS API's shapes: a POS Discount for lock and redeem, an empty payload otherwise. */
final class OfferReplies {
    private OfferReplies() {
    }

    /** {@code {"status":"OK","payload":{"user_offer_id":…,"discount":{…}}}}: the discount as the till sends it back. */
    static String granted(OfferResult.Granted granted, List<CartLine> cart) {
        String offerId = Long.toString(granted.coupon().id());
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", "OK");
        ObjectNode payload = body.putObject("payload").put("user_offer_id", offerId);
        ObjectNode discount = payload.putObject("discount")
                .put("reference_id", offerId)
                .put("reference_id_type", SessionFulfiller.USER_OFFER_ID)
                .put("display_name", granted.displayName())
                .put("amount", granted.amount());
        ArrayNode lines = discount.putArray("discounted_line_ids");
        ArrayNode quantities = discount.putArray("discounted_line_id_quantities");
        for (OfferResult.Line line : granted.lines()) {
            lines.add(cart.get(line.position()).lineId());
            quantities.add(line.units());
        }
        discount.put("discount_source", "offer");
        return body.toString();
    }

    static String released() {
        ObjectNode body = Json.MAPPER.createObjectNode().put("status", "OK");
        body.putObject("payload");
        return body.toString();
    }

    /** A refusal's status and code, with the engine's words. */
    static Refusal refused(OfferResult.Refused refused, String offerField) {
        return switch (refused.refusal()) {
            case NOT_FOUND -> new Refusal(404, PosReplies.error("offer_not_found", offerField, refused.message()));
            case INVALID -> new Refusal(409, PosReplies.error("offer_invalid", offerField, refused.message()));
            case LOCKED -> new Refusal(409, PosReplies.error("offer_locked", offerField, refused.message()));
            case NOT_LOCKED -> new Refusal(409, PosReplies.error("offer_not_locked", offerField, refused.message()));
            case NOT_REDEEMED -> new Refusal(409, PosReplies.error("offer_not_redeemed", offerField, refused.message()));
        };
    }

    record Refusal(int status, String body) {
    }
}
