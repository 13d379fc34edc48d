package io.tillgate.broker;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps the broker's "duplicate message detected" warning (AMQ222059) out of the log; named in
 * {@code logback-spring.xml}, so that it outlives Spring Boot's resets of the logging system. The worker
 * publishes a processed request's events again whenever the request comes again (a till's resend while it
 * still waited, a batch retried) and counts on the broker to drop what it has: that is the design working, and
 * the warning would print each dropped event whole, customer ids and effects included, at every resend.
 */
public class DuplicateDropsUnlogged extends TurboFilter {
    private static final String BROKER_LOGGERS = "org.apache.activemq.artemis.core.server";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        return format != null && format.startsWith("AMQ222059") && logger.getName().startsWith(BROKER_LOGGERS)
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
