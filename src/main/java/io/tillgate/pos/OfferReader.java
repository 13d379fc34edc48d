package io.tillgate.pos;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * Reads the envelopes of the till's offer calls, with the rules of {@code send_transaction}: the same envelope, the
 * transaction of a lock or redeem checked as a transaction is, every problem named by its field.
 */
public final class OfferReader {
    /** A user offer id is a coupon's id: a positive whole number a database key can hold. */
    private static final int MAX_OFFER_ID_DIGITS = 18;
    private final SendTransactionReader transactions;

    public OfferReader(ArithmeticPolicy arithmeticPolicy) {
        this.transactions = new SendTransactionReader(arithmeticPolicy);
    }

    /** What validation made of an offer call: the request when it is acceptable, or every error. */
    public sealed interface Result {
        record Valid(OfferRequest request, List<FieldError> warnings) implements Result {
        }

        record Invalid(List<FieldError> errors) implements Result {
        }
    }

    /** {@code lock} and {@code redeem}: {@code offer_lookup_code}, {@code offer_lookup_type}, {@code transaction}. */
    public Result readCheck(JsonNode root) {
        SendTransactionReader.Problems problems = new SendTransactionReader.Problems();
        SendTransactionReader.Envelope envelope = SendTransactionReader.envelope(root, problems);
        if (envelope == null) {
            return new Result.Invalid(List.copyOf(problems.errors));
        }
        String code = null;
        OfferRequest.LookupType type = null;
        PosTransaction transaction = null;
        JsonNode transactionNode = null;
        JsonNode payload = envelope.payload();
        if (payload != null) {
            code = SendTransactionReader.requiredId(payload, "offer_lookup_code", "request_payload.offer_lookup_code", problems);
            type = lookupType(payload, problems);
            if (code != null && type == OfferRequest.LookupType.UserOfferId && offerId(code) == null) {
                problems.error("invalid_value", "request_payload.offer_lookup_code",
                        "a UserOfferId is the offer's id, a positive whole number of at most " + MAX_OFFER_ID_DIGITS + " digits");
            }
            transactionNode = payload.get("transaction");
            if (SendTransactionReader.absent(transactionNode)) {
                problems.error("missing_field", "request_payload.transaction", "transaction is required");
            } else if (!transactionNode.isObject()) {
                problems.error("invalid_type", "request_payload.transaction", "transaction must be an object");
            } else {
                transaction = transactions.transaction(transactionNode, "request_payload.transaction", problems);
                if (transaction.voided()) {
                    problems.error("invalid_value", "request_payload.transaction.is_voided", "a voided check takes no offer");
                }
            }
        }
        SendTransactionReader.checkReadable(root, problems);
        if (!problems.errors.isEmpty()) {
            return new Result.Invalid(List.copyOf(problems.errors));
        }
        return new Result.Valid(new OfferRequest.Check(envelope.storeId(), envelope.clientId(), envelope.requestId(),
                envelope.culture(), code, type, transaction, transactionNode), List.copyOf(problems.warnings));
    }

    /**
     * {@code unlock} and {@code reinstate}: {@code user_offer_id} and, optionally, {@code employee_id} and the
     * {@code transaction_id} to release it for.
     */
    public Result readRelease(JsonNode root) {
        SendTransactionReader.Problems problems = new SendTransactionReader.Problems();
        SendTransactionReader.Envelope envelope = SendTransactionReader.envelope(root, problems);
        if (envelope == null) {
            return new Result.Invalid(List.copyOf(problems.errors));
        }
        Long offerId = null;
        String employeeId = null;
        String transactionId = null;
        JsonNode payload = envelope.payload();
        if (payload != null) {
            String id = SendTransactionReader.requiredId(payload, "user_offer_id", "request_payload.user_offer_id", problems);
            offerId = id == null ? null : offerId(id);
            if (id != null && offerId == null) {
                problems.error("invalid_value", "request_payload.user_offer_id",
                        "user_offer_id is the offer's id, a positive whole number of at most " + MAX_OFFER_ID_DIGITS + " digits");
            }
            employeeId = SendTransactionReader.optionalId(payload, "employee_id", "request_payload.employee_id", problems);
            transactionId = SendTransactionReader.optionalId(payload, "transaction_id", "request_payload.transaction_id", problems);
        }
        SendTransactionReader.checkReadable(root, problems);
        if (!problems.errors.isEmpty()) {
            return new Result.Invalid(List.copyOf(problems.errors));
        }
        return new Result.Valid(new OfferRequest.Release(envelope.storeId(), envelope.clientId(), envelope.requestId(),
                envelope.culture(), offerId, employeeId, transactionId), List.of());
    }

    private static OfferRequest.LookupType lookupType(JsonNode payload, SendTransactionReader.Problems problems) {
        String text = SendTransactionReader.optionalText(payload, "offer_lookup_type", "request_payload.offer_lookup_type", problems);
        if (text == null) {
            if (!problems.hasErrorAt("request_payload.offer_lookup_type")) {
                problems.error("missing_field", "request_payload.offer_lookup_type", "offer_lookup_type is required");
            }
            return null;
        }
        for (OfferRequest.LookupType type : OfferRequest.LookupType.values()) {
            if (type.name().equals(text)) {
                return type;
            }
        }
        problems.error("invalid_value", "request_payload.offer_lookup_type", "offer_lookup_type must be TTLCode or UserOfferId");
        return null;
    }

    /** The id, or null when it is not a positive whole number of at most 18 digits. */
    static Long offerId(String text) {
        if (text.isEmpty() || text.length() > MAX_OFFER_ID_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        long id = Long.parseLong(text);
        return id > 0 ? id : null;
    }
}
