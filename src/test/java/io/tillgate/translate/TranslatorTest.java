package io.tillgate.translate;

import io.tillgate.engine.session.SessionState;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tillgate.json.Fingerprint;
import io.tillgate.pos.ArithmeticPolicy;
import io.tillgate.pos.PosTransaction;
import io.tillgate.pos.SendTransactionReader;
import io.tillgate.pos.ValidationResult;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tillgate.PosFixtures.envelope;
import static io.tillgate.PosFixtures.line;
import static io.tillgate.PosFixtures.modifier;
import static io.tillgate.PosFixtures.seed003FullRefund;
import static io.tillgate.PosFixtures.seed003PartialRefund;
import static io.tillgate.PosFixtures.seed003Purchase;
import static io.tillgate.PosFixtures.transaction;
import static org.assertj.core.api.Assertions.assertThat;

class TranslatorTest {
    private static final Catalog CATALOG = new Catalog(Map.of(
            "Sub category 1", new CatalogEntry("SKU-1001", "Oxford shirt", "shirts", null),
            "Sub category 2", new CatalogEntry("SKU-2002", "Leather belt", "accessories", null)));
    private static final SendTransactionReader READER = new SendTransactionReader(ArithmeticPolicy.WARN);

    /** Runs a sequence of transactions through the translator, carrying the session along as the worker does. */
    private static final class Till {
        Optional<StoredSession> session = Optional.empty();

        Plan send(ObjectNode tx) {
            PosTransaction read = ((ValidationResult.Valid) READER.read(envelope("store-1", "r", tx))).request().transaction();
            Translation translation = Translator.translate(session, read, Fingerprint.of(tx), CATALOG);
            session = Optional.of(translation.next());
            return translation.plan();
        }

        SessionState state() {
            return session.orElseThrow().state();
        }
    }

    private static ObjectNode at(ObjectNode tx, String modifiedTime) {
        return tx.put("modified_time", modifiedTime);
    }

    @Test
    void seed003PurchaseThenPartialRefundThenFullRefund() {
        Till till = new Till();
        Plan close = till.send(seed003Purchase("T-1"));
        assertThat(close).isInstanceOf(Plan.Close.class);
        List<CartLine> cart = ((Plan.Close) close).cart();
        assertThat(cart).extracting(CartLine::position, CartLine::sku, CartLine::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "SKU-1001", 2),
                        org.assertj.core.groups.Tuple.tuple(1, "SKU-2002", 1));
        assertThat(cart.get(0).price()).isEqualByComparingTo("30.11");
        assertThat(cart.get(1).name()).isEqualTo("Leather belt");

        assertThat(till.send(seed003PartialRefund("T-1"))).isEqualTo(new Plan.Return(List.of(new ReturnedUnits(1, 1))));
        assertThat(till.state()).isEqualTo(SessionState.PARTIALLY_RETURNED);
        assertThat(till.session.orElseThrow().cart().get(1).returnedQuantity()).isEqualTo(1);

        assertThat(till.send(seed003FullRefund("T-1"))).isEqualTo(new Plan.Cancel(false));
        assertThat(till.state()).isEqualTo(SessionState.CANCELLED);
    }

    @Test
    void aFirstSeenOpenCheckOpensASession() {
        Till till = new Till();
        ObjectNode tx = seed003Purchase("T-1").put("is_closed", false);
        assertThat(till.send(tx)).isInstanceOf(Plan.Open.class);
        assertThat(till.state()).isEqualTo(SessionState.OPEN);
    }

    @Test
    void anOpenCheckIsUpdatedWhileOpenAndClosedWhenItArrivesClosed() {
        Till till = new Till();
        ObjectNode tx = transaction("T-1", "2026-03-01T10:00:00.000Z").put("is_closed", false);
        line(tx, "1", "Sub category 1", 1, "30.11");
        till.send(tx);
        ObjectNode more = transaction("T-1", "2026-03-01T10:05:00.000Z").put("is_closed", false);
        line(more, "1", "Sub category 1", 1, "30.11");
        line(more, "2", "Sub category 2", 1, "41.52");
        Plan update = till.send(more);
        assertThat(update).isInstanceOf(Plan.Update.class);
        assertThat(((Plan.Update) update).cart()).hasSize(2);
        assertThat(till.state()).isEqualTo(SessionState.OPEN);

        ObjectNode closed = more.deepCopy().put("is_closed", true).put("modified_time", "2026-03-01T10:09:00.000Z");
        Plan close = till.send(closed);
        assertThat(close).isInstanceOf(Plan.Close.class);
        assertThat(till.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void aVoidOfAnOpenCheckCancelsIt() {
        Till till = new Till();
        till.send(seed003Purchase("T-1").put("is_closed", false));
        assertThat(till.send(seed003FullRefund("T-1"))).isEqualTo(new Plan.Cancel(false));
    }

    @Test
    void aVoidOfAPartiallyReturnedSaleCancelsIt() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        till.send(seed003PartialRefund("T-1"));
        assertThat(till.send(seed003FullRefund("T-1"))).isEqualTo(new Plan.Cancel(false));
    }

    @Test
    void aVoidBeforeItsOriginalCancelsASessionThatNeverClosedAndTheLateOriginalIsStale() {
        Till till = new Till();
        assertThat(till.send(seed003FullRefund("T-1"))).isEqualTo(new Plan.Cancel(true));
        assertThat(till.state()).isEqualTo(SessionState.CANCELLED);
        assertThat(till.send(seed003Purchase("T-1"))).isEqualTo(new Plan.Stale());
        assertThat(till.state()).isEqualTo(SessionState.CANCELLED);
    }

    @Test
    void anythingNewerAfterACancelIsRejectedUnlessItIsADuplicate() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        till.send(seed003FullRefund("T-1"));
        assertThat(till.send(seed003FullRefund("T-1"))).isEqualTo(new Plan.Duplicate());
        ObjectNode later = at(seed003PartialRefund("T-1"), "2026-03-09T00:00:00.000Z");
        assertThat(till.send(later)).isEqualTo(new Plan.Rejected("already_cancelled", "the transaction was voided before"));
    }

    @Test
    void sameModifiedTimeAndContentIsADuplicate() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        assertThat(till.send(seed003Purchase("T-1"))).isEqualTo(new Plan.Duplicate());
        assertThat(till.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void sameModifiedTimeWithDifferentContentIsAConflictingResend() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        ObjectNode changed = seed003Purchase("T-1").put("tax_total", new BigDecimal("9.99"));
        Plan plan = till.send(changed);
        assertThat(plan).isInstanceOf(Plan.Rejected.class);
        assertThat(((Plan.Rejected) plan).reason()).isEqualTo("conflicting_resend");
    }

    @Test
    void anOlderModifiedTimeIsStale() {
        Till till = new Till();
        till.send(seed003PartialRefund("T-1"));
        assertThat(till.send(seed003Purchase("T-1"))).isEqualTo(new Plan.Stale());
    }

    @Test
    void aLoweredQuantityReturnsTheDifference() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        ObjectNode refund = transaction("T-1", "2026-03-02T00:00:00.000Z");
        line(refund, "1", "Sub category 1", 1, "30.11");
        line(refund, "2", "Sub category 2", 1, "41.52");
        assertThat(till.send(refund)).isEqualTo(new Plan.Return(List.of(new ReturnedUnits(0, 1))));
    }

    @Test
    void furtherReturnsCountFromWhatIsLeft() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        till.send(seed003PartialRefund("T-1"));
        ObjectNode second = transaction("T-1", "2026-03-04T00:00:00.000Z");
        line(second, "1", "Sub category 1", 1, "30.11");
        assertThat(till.send(second)).isEqualTo(new Plan.Return(List.of(new ReturnedUnits(0, 1))));
        ObjectNode third = transaction("T-1", "2026-03-04T01:00:00.000Z");
        assertThat(till.send(third)).isEqualTo(new Plan.Return(List.of(new ReturnedUnits(0, 1))));
        assertThat(till.session.orElseThrow().cart()).extracting(CartLine::remainingQuantity).containsExactly(0, 0);
    }

    @Test
    void anAddedLineReopensAndClosesWithTheNewCart() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        ObjectNode grown = at(seed003Purchase("T-1"), "2026-03-02T00:00:00.000Z");
        line(grown, "3", "Sub category 2", 1, "41.52");
        Plan plan = till.send(grown);
        assertThat(plan).isInstanceOf(Plan.ReopenAndClose.class);
        assertThat(((Plan.ReopenAndClose) plan).cart()).extracting(CartLine::lineId).containsExactly("1", "2", "3");
        assertThat(till.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void aRaisedQuantityReopensAndCloses() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        ObjectNode grown = transaction("T-1", "2026-03-02T00:00:00.000Z");
        line(grown, "1", "Sub category 1", 3, "30.11");
        line(grown, "2", "Sub category 2", 1, "41.52");
        assertThat(till.send(grown)).isInstanceOf(Plan.ReopenAndClose.class);
    }

    @Test
    void aChangedPriceReopensAndClosesEvenWhenAnotherLineWasRemoved() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        ObjectNode changed = transaction("T-1", "2026-03-02T00:00:00.000Z");
        line(changed, "1", "Sub category 1", 2, "29.99");
        Plan plan = till.send(changed);
        assertThat(plan).isInstanceOf(Plan.ReopenAndClose.class);
        assertThat(((Plan.ReopenAndClose) plan).cart()).singleElement()
                .satisfies(item -> assertThat(item.price()).isEqualByComparingTo("29.99"));
    }

    @Test
    void growthAfterAPartialReturnIsRejectedBecauseSuchASessionCannotBeReopened() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        till.send(seed003PartialRefund("T-1"));
        ObjectNode grown = at(seed003Purchase("T-1"), "2026-03-04T00:00:00.000Z");
        Plan plan = till.send(grown);
        assertThat(((Plan.Rejected) plan).reason()).isEqualTo("cannot_reopen_partially_returned");
        assertThat(till.state()).isEqualTo(SessionState.PARTIALLY_RETURNED);
    }

    @Test
    void aNewerVersionWithTheSameCartChangesNothing() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        ObjectNode resent = at(seed003Purchase("T-1"), "2026-03-02T00:00:00.000Z");
        assertThat(till.send(resent)).isEqualTo(new Plan.NoChange());
        assertThat(till.state()).isEqualTo(SessionState.CLOSED);
    }

    @Test
    void aClosedCheckArrivingOpenAgainIsRejected() {
        Till till = new Till();
        till.send(seed003Purchase("T-1"));
        ObjectNode reopened = at(seed003Purchase("T-1"), "2026-03-02T00:00:00.000Z").put("is_closed", false);
        assertThat(((Plan.Rejected) till.send(reopened)).reason()).isEqualTo("closed_check_reopened");
    }

    @Test
    void aLineVoidNetsAgainstItsLineBeforeTheDiff() {
        Till till = new Till();
        ObjectNode tx = transaction("T-1", "2026-03-01T10:00:00.000Z");
        line(tx, "1", "Sub category 1", 3, "30.11");
        modifier(tx, "2", "Sub category 1", -1, "30.11", "1");
        Plan close = till.send(tx);
        assertThat(((Plan.Close) close).cart()).extracting(CartLine::lineId, CartLine::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", 2));
        ObjectNode refund = transaction("T-1", "2026-03-02T00:00:00.000Z");
        line(refund, "1", "Sub category 1", 3, "30.11");
        modifier(refund, "2", "Sub category 1", -2, "30.11", "1");
        assertThat(till.send(refund)).isEqualTo(new Plan.Return(List.of(new ReturnedUnits(0, 1))));
    }

    @Test
    void aFullyVoidedLineIsNotInTheCart() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:00:00.000Z");
        line(tx, "1", "Sub category 1", 1, "30.11");
        line(tx, "2", "Sub category 2", 1, "41.52");
        modifier(tx, "3", "Sub category 1", -1, "30.11", "1");
        Plan close = new Till().send(tx);
        assertThat(((Plan.Close) close).cart()).extracting(CartLine::position, CartLine::lineId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "2"));
    }

    @Test
    void anAddOnIsItsOwnCartItemTiedToItsParentAndGoesBackWithIt() {
        Till till = new Till();
        ObjectNode tx = transaction("T-1", "2026-03-01T10:00:00.000Z");
        line(tx, "1", "burger", 1, "9.00");
        modifier(tx, "2", "extra-cheese", 1, "0.80", "1");
        line(tx, "3", "soda", 1, "2.00");
        Plan close = till.send(tx);
        assertThat(((Plan.Close) close).cart()).extracting(CartLine::position, CartLine::sku, CartLine::parentLineId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "burger", null),
                        org.assertj.core.groups.Tuple.tuple(1, "extra-cheese", "1"),
                        org.assertj.core.groups.Tuple.tuple(2, "soda", null));
        // The POS removes the burger but leaves its add-on line in: the add-on is returned with its parent.
        ObjectNode refund = transaction("T-1", "2026-03-02T00:00:00.000Z");
        modifier(refund, "2", "extra-cheese", 1, "0.80", "3");
        line(refund, "3", "soda", 1, "2.00");
        assertThat(till.send(refund)).isEqualTo(new Plan.Return(List.of(new ReturnedUnits(0, 1), new ReturnedUnits(1, 1))));
    }

    @Test
    void unknownItemsKeepTheirItemIdAsSkuAndLineCustomDataBecomesAttributes() {
        ObjectNode tx = transaction("T-1", "2026-03-01T10:00:00.000Z");
        line(tx, "1", "UNLISTED-7", 1, "1.00").putObject("custom_data").put("color", "red");
        CartLine item = ((Plan.Close) new Till().send(tx)).cart().get(0);
        assertThat(item.sku()).isEqualTo("UNLISTED-7");
        assertThat(item.name()).isNull();
        assertThat(item.attributes().get("color").asText()).isEqualTo("red");
    }
}
