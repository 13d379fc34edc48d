package io.tillgate.simulate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code tillgate.simulations.*}. {@code maxPeriod}: the longest period one simulation replays. {@code threads}: how
 * many run at once; {@code queue}: how many more may wait (beyond that, a 503). {@code cpuShare}: the share of one
 * core a running simulation takes at most, pausing between pages of sales so that the tills' path keeps the rest.
 * {@code answerWithin}: how long the POST waits for the result before it answers 202 with the simulation's progress.
 * {@code keep}: how many finished simulations are kept (in memory) to be read again. {@code maxDuration}: when a
 * running simulation is stopped (failed), so that one slow draft does not hold the pool.
 */
@ConfigurationProperties("tillgate.simulations")
public record SimulationProperties(@DefaultValue("93d") Duration maxPeriod, @DefaultValue("1") int threads,
                                   @DefaultValue("4") int queue, @DefaultValue("0.5") double cpuShare,
                                   @DefaultValue("10s") Duration answerWithin, @DefaultValue("50") int keep,
                                   @DefaultValue("10m") Duration maxDuration) {
    public SimulationProperties {
        if (threads < 1 || queue < 0 || keep < 1) {
            throw new IllegalArgumentException("tillgate.simulations: threads and keep must be at least 1, queue at least 0");
        }
        if (!(cpuShare > 0 && cpuShare <= 1)) {
            throw new IllegalArgumentException("tillgate.simulations.cpu-share must be above 0 and at most 1, not " + cpuShare);
        }
        if (maxPeriod.isNegative() || maxPeriod.isZero() || answerWithin.isNegative() || maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("tillgate.simulations: max-period and max-duration must be positive, answer-within not negative");
        }
    }
}
