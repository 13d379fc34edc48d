package io.tillgate.engine.catalog;

import io.tillgate.engine.campaign.Achievement;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.campaign.CampaignProblem;
import io.tillgate.engine.json.Json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a campaign's achievements must agree with beyond the campaign itself: the application's other campaigns, which
 * may read them in conditions, and the customers who already have progress in them.
 */
final class AchievementChecks {
    /** {@code profile.achievements.Name} and {@code profile.achievements["Name"]} in CEL. */
    private static final Pattern READ = Pattern.compile("achievements\\s*(?:\\.\\s*([A-Za-z]\\w*)|\\[\\s*[rR]?[\"']([^\"'\\]]*)[\"']\\s*])");

    private AchievementChecks() {
    }

    /**
     * The achievements whose target, period, recurrence, activation or schedule a new version changes while customers
     * have progress in them (as Talon.One, which allows only the title and description to change then).
     */
    static List<CampaignProblem> changedWithProgress(Campaign before, Campaign after, Predicate<String> hasProgress) {
        List<CampaignProblem> problems = new ArrayList<>();
        if (before == null) {
            return problems;
        }
        for (int i = 0; i < after.achievements().size(); i++) {
            Achievement a = after.achievements().get(i);
            Achievement was = before.achievements().stream().filter(b -> b.name().equals(a.name())).findFirst().orElse(null);
            if (was == null) {
                continue;
            }
            String changed = a.target().compareTo(was.target()) != 0 ? "target"
                    : !Objects.equals(String.valueOf(a.period()), String.valueOf(was.period())) ? "period"
                    : a.recurrence() != was.recurrence() ? "recurrencePolicy"
                    : a.activation() != was.activation() ? "activationPolicy"
                    : !Objects.equals(a.startDate(), was.startDate()) ? "fixedStartDate" : null;
            if (changed != null && hasProgress.test(a.name())) {
                problems.add(new CampaignProblem("/achievements/" + i + "/" + changed, "achievement in progress",
                        changed + " cannot change once customers have progress in the achievement; declare a new one instead"));
            }
        }
        return problems;
    }

    /**
     * The campaign's achievements customers have progress in that its new version no longer declares: progress would
     * outlive its definition (and a later one of the name could change what it counts towards).
     */
    static List<CampaignProblem> removedWithProgress(long campaignId, Campaign after, Map<String, DeclaredAchievement> declared,
                                                     java.util.function.LongPredicate hasProgress) {
        List<CampaignProblem> problems = new ArrayList<>();
        declared.forEach((name, d) -> {
            if (d.campaignId() == campaignId && after.achievements().stream().noneMatch(a -> a.name().equals(name))
                    && hasProgress.test(d.id())) {
                problems.add(new CampaignProblem("/achievements", "achievement in progress", "customers have progress in achievement '"
                        + name + "': it cannot be removed from its campaign (deleting the campaign ends it)"));
            }
        });
        return problems;
    }

    /** Conditions and values that read an achievement no campaign of the application declares. */
    static List<CampaignProblem> unknownReads(CampaignDocument doc, Campaign campaign, Map<String, DeclaredAchievement> declared,
                                              long campaignId) {
        Set<String> known = new HashSet<>();
        campaign.achievements().forEach(a -> known.add(a.name()));
        declared.forEach((name, d) -> {
            if (d.campaignId() != campaignId) {
                known.add(name);
            }
        });
        List<CampaignProblem> problems = new ArrayList<>();
        List<CampaignDocument.RuleDocument> rules = doc.rules() == null ? List.of() : doc.rules();
        for (int i = 0; i < rules.size(); i++) {
            CampaignDocument.RuleDocument rule = rules.get(i);
            unknown(rule.condition(), known).ifPresent(problem("/rules/" + i + "/condition", problems));
            for (String kind : List.of("effects", "failureEffects")) {
                List<com.fasterxml.jackson.databind.JsonNode> effects = kind.equals("effects") ? rule.effects() : rule.failureEffects();
                for (int j = 0; effects != null && j < effects.size(); j++) {
                    unknown(Json.write(effects.get(j)), known).ifPresent(problem("/rules/" + i + "/" + kind + "/" + j, problems));
                }
            }
        }
        return problems;
    }

    /**
     * The campaign's achievements that another campaign reads, which its new version ({@code after}; null: the campaign
     * is deleted) no longer declares.
     */
    static List<CampaignProblem> stillRead(long campaignId, Campaign after, Collection<Campaign> all,
                                           Map<String, DeclaredAchievement> declared) {
        Set<String> dropped = new HashSet<>();
        declared.forEach((name, d) -> {
            if (d.campaignId() == campaignId && (after == null || after.achievements().stream().noneMatch(a -> a.name().equals(name)))) {
                dropped.add(name);
            }
        });
        List<CampaignProblem> problems = new ArrayList<>();
        if (dropped.isEmpty()) {
            return problems;
        }
        for (Campaign other : all) {
            if (other.id() == campaignId) {
                continue;
            }
            for (String name : reads(Json.write(other.document().rules()))) {
                if (dropped.contains(name)) {
                    problems.add(new CampaignProblem("/achievements", "achievement still read", "campaign " + other.id()
                            + " reads achievement '" + name + "': change that campaign first"));
                }
            }
        }
        return problems;
    }

    private static java.util.Optional<String> unknown(String text, Set<String> known) {
        return text == null ? java.util.Optional.empty() : reads(text).stream().filter(n -> !known.contains(n)).findFirst();
    }

    private static java.util.function.Consumer<String> problem(String pointer, List<CampaignProblem> problems) {
        return name -> problems.add(new CampaignProblem(pointer, "unknown achievement", "reads achievement '" + name
                + "', which no campaign of the application declares"));
    }

    /** The achievement names a text's CEL reads. */
    private static Set<String> reads(String text) {
        Set<String> names = new HashSet<>();
        Matcher m = READ.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }
}
