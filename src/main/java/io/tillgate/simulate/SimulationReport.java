package io.tillgate.simulate;

import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.session.BudgetAction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A finished simulation as a page a marketer reads at a glance: the figures, a chart per day (discount as bars, points
 * as a line, the day the budget ran out marked), the budget line and the per-store table. One self-contained HTML
 * document: the chart is SVG drawn here, the style inline, no script and nothing fetched from elsewhere.
 */
final class SimulationReport {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 320;
    private static final int LEFT = 70;
    private static final int RIGHT = 70;
    private static final int TOP = 20;
    private static final int BOTTOM = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private SimulationReport() {
    }

    static String render(Application app, Simulation simulation) {
        SimulationRequest request = simulation.request();
        Replay.Result result = simulation.result();
        Map<LocalDate, Tally> days = SimulationApi.everyDay(request, result);
        Tally total = result.total();
        ZoneId zone = request.timezone();
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Simulation: ").append(escape(simulation.campaignName())).append("</title>")
                .append("<style>").append(STYLE).append("</style></head><body>\n");
        html.append("<h1>What would “").append(escape(simulation.campaignName())).append("” have cost?</h1>\n");
        html.append("<p class=\"period\">Sales that closed from ").append(day(request.from(), zone)).append(" to ")
                .append(lastDay(request, zone)).append(" (").append(escape(zone.getId())).append("), ")
                .append(request.stores().isEmpty() ? "every store" : "stores " + escape(String.join(", ", new java.util.TreeSet<>(request.stores()))))
                .append(", ").append(request.withLiveCampaigns() ? "after the live campaigns" : "the draft alone")
                .append(". Nothing was changed: this is a replay.</p>\n");

        html.append("<div class=\"figures\">");
        figure(html, "discount", money(app, total.discountTotal()) + " " + escape(app.money().currency()), "discountTotal");
        figure(html, "loyalty points", points(total.pointsTotal()), "pointsTotal");
        figure(html, "sales triggered", total.sessionsTriggered() + " of " + total.transactions()
                + (total.transactions() == 0 ? "" : " (" + percent(total.sessionsTriggered(), total.transactions()) + ")"), "sessionsTriggered");
        figure(html, "coupons created", Integer.toString(total.couponsCreated()), "couponsCreated");
        html.append("</div>\n");

        html.append("<section class=\"budget\" id=\"budget\">");
        if (result.budgets().isEmpty()) {
            html.append("<p>The draft has no campaign budget.</p>");
        }
        for (Replay.BudgetState b : result.budgets()) {
            int scale = b.action().scale(app.money().scale());
            BigDecimal limit = b.limit().setScale(scale, RoundingMode.DOWN);
            BigDecimal counter = b.counter().setScale(scale, RoundingMode.DOWN);
            int filled = limit.signum() == 0 ? 100 : counter.multiply(BigDecimal.valueOf(100))
                    .divide(limit, 0, RoundingMode.DOWN).min(BigDecimal.valueOf(100)).intValue();
            html.append("<p>Budget <b>").append(b.action().name()).append("</b>")
                    .append(b.period() == io.tillgate.engine.campaign.BudgetPeriod.overall ? "" : " (" + b.period() + ")")
                    .append(": ").append(counter.toPlainString()).append(" of ").append(limit.toPlainString())
                    .append(b.period() == io.tillgate.engine.campaign.BudgetPeriod.overall ? " used" : " used in its fullest period")
                    .append("</p>")
                    .append("<svg class=\"gauge\" width=\"400\" height=\"16\" role=\"img\" aria-label=\"").append(filled)
                    .append("% used\"><rect width=\"400\" height=\"16\" fill=\"#e5e7eb\"/><rect width=\"").append(filled * 4)
                    .append("\" height=\"16\" fill=\"").append(filled >= 100 ? "#dc2626" : "#2563eb").append("\"/></svg>");
        }
        if (result.budgetExhaustedAt() != null) {
            html.append("<p class=\"exhausted\">The budget ran out with the sale of ")
                    .append(TIME.format(result.budgetExhaustedAt().atZone(zone))).append(": later sales got nothing from it.</p>");
        }
        html.append("</section>\n");

        html.append("<h2>Per day</h2>\n").append(chart(app, days, result, zone));
        html.append("<h2>Per store</h2>\n<table id=\"stores\"><thead><tr><th>Store</th><th>Sales</th><th>Triggered</th>")
                .append("<th>Discount</th><th>Points</th><th>Coupons</th></tr></thead><tbody>");
        SimulationApi.everyStore(request, result).forEach((store, t) -> row(html, escape(store), t, app));
        html.append("</tbody><tfoot>");
        row(html, "All", total, app);
        html.append("</tfoot></table>\n");
        html.append("<details><summary>Every day</summary><table id=\"days\"><thead><tr><th>Day</th><th>Sales</th><th>Triggered</th>")
                .append("<th>Discount</th><th>Points</th><th>Coupons</th></tr></thead><tbody>");
        days.forEach((date, t) -> row(html, date.toString(), t, app));
        html.append("</tbody></table></details>\n");
        html.append("<p class=\"foot\">Simulation ").append(escape(simulation.id())).append(", run ")
                .append(simulation.created()).append(". Budgets count from zero at the start of the period; a sale counts as its customer kept it.</p>\n");
        return html.append("</body></html>\n").toString();
    }

    /** Discount per day as bars on the left scale, points as a line on the right one, the budget's last day marked. */
    private static String chart(Application app, Map<LocalDate, Tally> days, Replay.Result result, ZoneId zone) {
        List<LocalDate> dates = new ArrayList<>(days.keySet());
        BigDecimal maxDiscount = days.values().stream().map(Tally::discountTotal).reduce(BigDecimal.ZERO, BigDecimal::max);
        BigDecimal maxPoints = days.values().stream().map(Tally::pointsTotal).reduce(BigDecimal.ZERO, BigDecimal::max);
        double discountTop = niceTop(maxDiscount.doubleValue());
        double pointsTop = niceTop(maxPoints.doubleValue());
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = (double) plotWidth / dates.size();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"discount and points per day\">");
        for (int i = 0; i <= 4; i++) { // grid and both scales
            double y = TOP + plotHeight - plotHeight * i / 4.0;
            svg.append(line(LEFT, y, WIDTH - RIGHT, y, "#e5e7eb"));
            svg.append(text(LEFT - 8, y + 4, "end", "#2563eb", format(discountTop * i / 4)));
            svg.append(text(WIDTH - RIGHT + 8, y + 4, "start", "#d97706", format(pointsTop * i / 4)));
        }
        int every = Math.max(1, (int) Math.ceil(dates.size() / 12.0));
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < dates.size(); i++) {
            Tally t = days.get(dates.get(i));
            double x = LEFT + slot * i;
            double barHeight = discountTop == 0 ? 0 : plotHeight * t.discountTotal().doubleValue() / discountTop;
            svg.append("<rect class=\"bar\" data-date=\"").append(dates.get(i)).append("\" x=\"").append(fmt(x + slot * 0.15))
                    .append("\" y=\"").append(fmt(TOP + plotHeight - barHeight)).append("\" width=\"").append(fmt(slot * 0.7))
                    .append("\" height=\"").append(fmt(barHeight)).append("\" fill=\"#2563eb\"><title>").append(dates.get(i))
                    .append(": ").append(money(app, t.discountTotal())).append(" discount, ").append(points(t.pointsTotal()))
                    .append(" points, ").append(t.transactions()).append(" sales</title></rect>");
            double py = TOP + plotHeight - (pointsTop == 0 ? 0 : plotHeight * t.pointsTotal().doubleValue() / pointsTop);
            path.append(i == 0 ? "M" : " L").append(fmt(x + slot / 2)).append(' ').append(fmt(py));
            if (i % every == 0) {
                svg.append(text(x + slot / 2, HEIGHT - BOTTOM + 18, "middle", "#374151", dates.get(i).toString().substring(5)));
            }
        }
        if (maxPoints.signum() > 0) {
            svg.append("<path id=\"points\" d=\"").append(path).append("\" fill=\"none\" stroke=\"#d97706\" stroke-width=\"2\"/>");
        }
        if (result.budgetExhaustedAt() != null) {
            int index = dates.indexOf(LocalDate.ofInstant(result.budgetExhaustedAt(), zone));
            double x = LEFT + slot * index + slot / 2;
            svg.append("<line id=\"budget-out\" x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"#dc2626\" stroke-dasharray=\"6 4\" stroke-width=\"2\"/>")
                    .append(text(x + 4, TOP + 12, "start", "#dc2626", "budget used up"));
        }
        svg.append(line(LEFT, TOP + plotHeight, WIDTH - RIGHT, TOP + plotHeight, "#6b7280"));
        svg.append(text(LEFT, HEIGHT - 8, "start", "#2563eb", "■ discount (" + escape(app.money().currency()) + ")"));
        svg.append(text(LEFT + 180, HEIGHT - 8, "start", "#d97706", "― loyalty points"));
        return svg.append("</svg>\n").toString();
    }

    private static void figure(StringBuilder html, String label, String value, String id) {
        html.append("<div class=\"figure\"><div class=\"value\" id=\"").append(id).append("\">").append(value)
                .append("</div><div class=\"label\">").append(label).append("</div></div>");
    }

    private static void row(StringBuilder html, String name, Tally t, Application app) {
        html.append("<tr><td>").append(name).append("</td><td>").append(t.transactions()).append("</td><td>")
                .append(t.sessionsTriggered()).append("</td><td>").append(money(app, t.discountTotal())).append("</td><td>")
                .append(points(t.pointsTotal())).append("</td><td>").append(t.couponsCreated()).append("</td></tr>");
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
                + "\" stroke=\"" + colour + "\"/>";
    }

    private static String text(double x, double y, String anchor, String colour, String content) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\" fill=\"" + colour
                + "\" font-size=\"12\">" + content + "</text>";
    }

    /** A round number at or above the largest value, so that the scale reads 0, ¼, ½, ¾ and it. */
    static double niceTop(double max) {
        if (max <= 0) {
            return 0;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%,.2f", value);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String money(Application app, BigDecimal amount) {
        return app.money().of(amount).toPlainString();
    }

    private static String points(BigDecimal points) {
        return points.setScale(BudgetAction.POINTS_SCALE, RoundingMode.UNNECESSARY).toPlainString();
    }

    private static String percent(int part, int whole) {
        return BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 0, RoundingMode.HALF_EVEN) + "%";
    }

    private static String day(java.time.Instant instant, ZoneId zone) {
        return LocalDate.ofInstant(instant, zone).toString();
    }

    private static String lastDay(SimulationRequest request, ZoneId zone) {
        return LocalDate.ofInstant(request.to().minusNanos(1), zone).toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1000px;color:#111827}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}
            .period{color:#4b5563;margin-top:0}
            .figures{display:flex;gap:1rem;margin:1.5rem 0}
            .figure{flex:1;border:1px solid #e5e7eb;border-radius:8px;padding:1rem}
            .value{font-size:1.5rem;font-weight:600}.label{color:#6b7280;font-size:.9rem}
            .exhausted{color:#dc2626;font-weight:600}
            table{border-collapse:collapse;width:100%}th,td{padding:.35rem .6rem;border-bottom:1px solid #e5e7eb;text-align:right}
            th:first-child,td:first-child{text-align:left}tfoot td{font-weight:600}
            .foot{color:#6b7280;font-size:.8rem;margin-top:2rem}
            """;
}
