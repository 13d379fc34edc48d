package io.tillgate.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.catalog.CampaignCompiler;
import io.tillgate.engine.campaign.CampaignDocument;
import io.tillgate.engine.evaluate.EvaluationInput;
import io.tillgate.engine.session.CartItem;

import java.math.BigDecimal;
import java.util.concurrent.atomic.AtomicInteger;

/** Campaigns from YAML text and cart items, for engine tests. */
public final class EngineFixtures {
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule());

    private EngineFixtures() {
    }

    public static Campaign campaign(long id, String yaml) {
        try {
            return CampaignCompiler.compile(1, id, YAML.readValue(yaml, CampaignDocument.class));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static CartItem item(String name, String sku, int quantity, String price, String category) {
        return new CartItem(name, sku, quantity, 0, new BigDecimal(price), category, null);
    }

    /** Predictable codes: the pattern's digits are a counter; transaction ids count too. */
    public static EvaluationInput.Codes countingCodes() {
        AtomicInteger coupons = new AtomicInteger(35465);
        AtomicInteger transactions = new AtomicInteger();
        return new EvaluationInput.Codes() {
            @Override
            public String coupon(String pattern) {
                String digits = String.valueOf(coupons.getAndIncrement());
                StringBuilder code = new StringBuilder();
                int d = digits.length() - (int) pattern.chars().filter(c -> c == '#').count();
                for (char c : pattern.toCharArray()) {
                    code.append(c == '#' ? (d < 0 ? '0' : digits.charAt(d)) : c);
                    if (c == '#') {
                        d++;
                    }
                }
                return code.toString();
            }

            @Override
            public String transactionId() {
                return "00000000-0000-0000-0000-" + String.format("%012d", transactions.incrementAndGet());
            }
        };
    }
}
