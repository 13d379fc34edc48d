package io.tillgate.engine.campaign;

import java.util.List;

/**
 * A giveaway pool as an evaluation sees it: its name; the codes this session was awarded already (a re-close, a till's
 * re-sent sale, shows them again instead of awarding more); and the codes it may award now, first imported first, read
 * under the pool's lock when a session closes for real ({@code awarding}), so that no two closes award one code.
 * Without {@code awarding} (a dry run, an open session, a profile update, a simulation) no code is shown.
 */
public record GiveawayPoolView(long id, String name, boolean awarding, List<Code> awarded, List<Code> free) {

    /** A code of the pool. */
    public record Code(long id, String code) {
    }
}
