package io.tillgate.engine.lifecycle;

import io.tillgate.engine.EngineException;
import io.tillgate.engine.session.SessionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.tillgate.engine.session.SessionState.CANCELLED;
import static io.tillgate.engine.session.SessionState.CLOSED;
import static io.tillgate.engine.session.SessionState.OPEN;
import static io.tillgate.engine.session.SessionState.PARTIALLY_RETURNED;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransitionsTest {

    /** Every pair of states (NEW: no session yet), and whether an update may move the first to the second. */
    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(textBlock = """
            NEW,                OPEN,               true
            NEW,                CLOSED,             true
            NEW,                PARTIALLY_RETURNED, false
            NEW,                CANCELLED,          false
            OPEN,               OPEN,               true
            OPEN,               CLOSED,             true
            OPEN,               CANCELLED,          true
            CLOSED,             OPEN,               false
            CLOSED,             CLOSED,             false
            CLOSED,             CANCELLED,          true
            PARTIALLY_RETURNED, CLOSED,             false
            PARTIALLY_RETURNED, CANCELLED,          true
            CANCELLED,          OPEN,               false
            CANCELLED,          CANCELLED,          false
            """)
    void anUpdateMovesASessionOnlyAsTalonOnesStateMachineAllows(String from, SessionState to, boolean allowed) {
        SessionState start = from.equals("NEW") ? null : SessionState.valueOf(from);
        if (allowed) {
            assertThatCode(() -> Transitions.update(start, to)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> Transitions.update(start, to)).isInstanceOf(EngineException.Conflict.class);
        }
    }

    @Test
    void theRefusalSaysWhatIsAllowedInstead() {
        assertThatThrownBy(() -> Transitions.update(CLOSED, OPEN))
                .hasMessage("a closed session cannot become open (use returns, reopen, or cancel)");
        assertThatThrownBy(() -> Transitions.update(null, CANCELLED))
                .hasMessage("a new session is created open or closed, not cancelled");
    }

    @Test
    void returnsNeedAClosedOrPartiallyReturnedSessionAndReopenAClosedOne() {
        assertThatCode(() -> Transitions.returnFrom(CLOSED)).doesNotThrowAnyException();
        assertThatCode(() -> Transitions.returnFrom(PARTIALLY_RETURNED)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Transitions.returnFrom(OPEN))
                .hasMessage("only closed or partially returned sessions take returns; this one is open");
        assertThatCode(() -> Transitions.reopenFrom(CLOSED)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Transitions.reopenFrom(PARTIALLY_RETURNED)).isInstanceOf(EngineException.Conflict.class)
                .hasMessage("only closed sessions can be reopened; this one is partially_returned");
        assertThatThrownBy(() -> Transitions.reopenFrom(CANCELLED)).isInstanceOf(EngineException.Conflict.class);
    }
}
