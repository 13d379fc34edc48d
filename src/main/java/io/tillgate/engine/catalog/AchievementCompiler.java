package io.tillgate.engine.catalog;

import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.campaign.AchievementPeriod;
import io.tillgate.engine.campaign.CampaignDocument.AchievementDocument;
import io.tillgate.engine.campaign.CampaignProblem;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a campaign's achievements as Talon.One's CreateAchievement describes them, every problem at its field. */
final class AchievementCompiler {
    static final int MAX_ACHIEVEMENTS = 20;
    /** Talon.One's name pattern, bounded by what its column holds. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z]\\w{1,99}");
    private static final int MAX_TEXT = 1000;
    /** Fixed schedules step through their periods from the first: one that starts long ago is a mistake. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9000-01-01T00:00:00Z");

    private AchievementCompiler() {
    }

    static List<Achievement> compile(List<AchievementDocument> docs, List<CampaignProblem> problems) {
        if (docs == null) {
            return List.of();
        }
        if (docs.size() > MAX_ACHIEVEMENTS) {
            problems.add(new CampaignProblem("/achievements", "too many", "at most " + MAX_ACHIEVEMENTS + " are allowed, not " + docs.size()));
            return List.of();
        }
        List<Achievement> achievements = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < docs.size(); i++) {
            String at = "/achievements/" + i;
            AchievementDocument doc = docs.get(i);
            if (doc == null) {
                problems.add(new CampaignProblem(at, "invalid element", "each element must be an object"));
                continue;
            }
            int before = problems.size();
            Achievement achievement = achievement(doc, at, problems);
            if (achievement != null && !names.add(achievement.name())) {
                problems.add(new CampaignProblem(at + "/name", "duplicate name", "another achievement is named '" + doc.name() + "'"));
            } else if (achievement != null && problems.size() == before) {
                achievements.add(achievement);
            }
        }
        return List.copyOf(achievements);
    }

    private static Achievement achievement(AchievementDocument doc, String at, List<CampaignProblem> problems) {
        int before = problems.size();
        if (doc.name() == null || !NAME.matcher(doc.name()).matches()) {
            problems.add(new CampaignProblem(at + "/name", "invalid name", "name is a letter, then 1 to 99 letters, digits or '_'"));
        }
        text(doc.title(), at + "/title", true, problems);
        text(doc.description(), at + "/description", false, problems);
        BigDecimal target = doc.target();
        if (target == null || target.signum() <= 0 || target.compareTo(CampaignCompiler.MAX_VALUE) >= 0 || target.stripTrailingZeros().scale() > 2) {
            problems.add(new CampaignProblem(at + "/target", "invalid target", "target is a number above 0 and under 10^15, with at most 2 decimals"));
        }
        if (doc.periodEndOverride() != null) {
            problems.add(new CampaignProblem(at + "/periodEndOverride", "not supported yet",
                    "periodEndOverride is not built yet; round a period with _D or _U instead (1M_U ends at the end of a month)"));
        }
        AchievementPeriod period = doc.period() == null ? null : AchievementPeriod.parse(doc.period(),
                why -> problems.add(new CampaignProblem(at + "/period", "invalid period", why))).orElse(null);
        Achievement.Recurrence recurrence = named(Achievement.Recurrence.class, doc.recurrencePolicy(), Achievement.Recurrence.no_recurrence,
                at + "/recurrencePolicy", problems);
        Achievement.Activation activation = named(Achievement.Activation.class, doc.activationPolicy(), Achievement.Activation.user_action,
                at + "/activationPolicy", problems);
        Instant start = doc.fixedStartDate();
        if (activation == Achievement.Activation.fixed_schedule) {
            if (start == null) {
                problems.add(new CampaignProblem(at + "/fixedStartDate", "missing fixedStartDate", "a fixed_schedule achievement starts at fixedStartDate"));
            } else if (start.isBefore(EARLIEST) || start.isAfter(LATEST)) {
                problems.add(new CampaignProblem(at + "/fixedStartDate", "invalid fixedStartDate", "fixedStartDate is between 2000 and 9000"));
            }
        } else if (start != null) {
            problems.add(new CampaignProblem(at + "/fixedStartDate", "fixedStartDate without a fixed schedule",
                    "fixedStartDate applies to activationPolicy fixed_schedule only"));
        }
        if (recurrence == Achievement.Recurrence.on_expiration && period == null && doc.period() == null) {
            problems.add(new CampaignProblem(at + "/period", "missing period", "an achievement that recurs on expiration needs a period"));
        }
        if (doc.endDate() != null && (doc.endDate().isBefore(Instant.EPOCH) || doc.endDate().isAfter(LATEST))) {
            problems.add(new CampaignProblem(at + "/endDate", "invalid endDate", "endDate is between 1970 and 9000"));
        } else if (doc.endDate() != null && start != null && !doc.endDate().isAfter(start)) {
            problems.add(new CampaignProblem(at + "/endDate", "invalid endDate", "endDate is after fixedStartDate"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new Achievement(doc.name(), doc.title(), doc.description() == null ? "" : doc.description(), target.setScale(2), period,
                recurrence, activation, start, doc.endDate(), Boolean.TRUE.equals(doc.allowRollbackAfterCompletion()));
    }

    private static void text(String value, String at, boolean required, List<CampaignProblem> problems) {
        if (required && (value == null || value.isBlank()) || value != null && (value.length() > MAX_TEXT
                || value.chars().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT))) {
            problems.add(new CampaignProblem(at, "invalid " + at.substring(at.lastIndexOf('/') + 1),
                    (required ? "a text of 1 to " : "at most ") + MAX_TEXT + " characters, without control or formatting characters"));
        }
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value, E absent, String at, List<CampaignProblem> problems) {
        if (value == null) {
            return absent;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        problems.add(new CampaignProblem(at, "invalid " + at.substring(at.lastIndexOf('/') + 1), "'" + value + "' is not one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
        return null;
    }
}
