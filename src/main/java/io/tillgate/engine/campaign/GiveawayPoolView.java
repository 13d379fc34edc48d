package io.tillgate.engine.campaign;

import java.util.List;

/**
 * A giveaway pool as an evaluation sees it: its name, and the codes it may award now, first imported first (read under
 * the pool's lock when the session closes, so that no two closes award one code).
 */
public record GiveawayPoolView(long id, String name, List<Code> free) {

    /** A code that may be awarded. */
    public record Code(long id, String code) {
    }
}
