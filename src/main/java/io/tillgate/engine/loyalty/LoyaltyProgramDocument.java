package io.tillgate.engine.loyalty;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A loyalty program as operators write it. Durations are ISO periods or Talon.One's short form:
 * {@code defaultPending: 14D} (or {@code immediate}), {@code defaultValidity: 12M} (or {@code unlimited}),
 * {@code returnWindow: 12M} (the default).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoyaltyProgramDocument(Long id, String name, String title, String defaultPending, String defaultValidity,
                                     String returnPolicy, String returnWindow) {

    public LoyaltyProgram compile(long id) {
        ReturnPolicy policy;
        try {
            policy = returnPolicy == null ? ReturnPolicy.only_pending : ReturnPolicy.valueOf(returnPolicy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("returnPolicy is one of only_pending, within_balance, unlimited, not '" + returnPolicy + "'");
        }
        try {
            return new LoyaltyProgram(id, name == null ? "program-" + id : name, title == null ? name : title,
                    LoyaltyProgram.period(defaultPending, java.time.Period.ZERO),
                    LoyaltyProgram.period(defaultValidity, null), policy,
                    LoyaltyProgram.period(returnWindow, java.time.Period.ofMonths(12)));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("a duration does not parse: " + e.getParsedString());
        }
    }
}
