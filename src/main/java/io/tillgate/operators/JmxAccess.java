package io.tillgate.operators;

import javax.management.ObjectName;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may do what to which MBean through Jolokia (and so Hawtio). Nobody writes attributes, runs anything
 * on the JVM's own MBeans, or reads the runtime attributes that can carry secrets given on the command line.
 * A viewer may run the operations that only read (Camel's {@code dump…}, Artemis' {@code count…} and
 * {@code list…}); an operator also starts, stops, suspends and resumes Camel routes and pauses and resumes
 * Artemis queues. Everything else, removing messages, deleting addresses or queues and changing broker
 * security among it, is refused for both.
 */
public final class JmxAccess {
    /** The JVM's own MBeans: heap dumps, flight recordings, garbage collection, logging levels. */
    private static final Set<String> JVM_DOMAINS = Set.of("java.lang", "com.sun.management", "jdk.management.jfr",
            "java.util.logging", "java.nio", "JMImplementation");
    /** {@code java.lang:type=Runtime} attributes that show the command line and system properties. */
    private static final Set<String> RUNTIME_SECRETS = Set.of("SystemProperties", "InputArguments", "ClassPath",
            "BootClassPath", "LibraryPath");
    private static final Pattern CAMEL_READS = Pattern.compile("(dump|get|is|has|count|explain|create\\w*Json|browse)\\w*");
    private static final Pattern ARTEMIS_READS = Pattern.compile("(count|list|browse|get|is)\\w*");
    private static final Set<String> ARTEMIS_SECRETS = Set.of("listUser", "getSecuritySettingsAsJSON", "getRolesAsJSON",
            "listNetworkTopology");
    /** Hawtio's own MBeans: its tree listing, its permission checks, its plugin list. */
    private static final Pattern HAWTIO_READS = Pattern.compile("(list|canInvoke|get|is)\\w*");
    private static final Set<String> ROUTE_CONTROLS = Set.of("start", "stop", "suspend", "resume", "restart");
    private static final Set<String> QUEUE_CONTROLS = Set.of("pause", "resume");

    private JmxAccess() {
    }

    /** An operation's verdict, and whether it changes something (and so is audited). */
    public record Verdict(boolean allowed, boolean changes) {
    }

    public static boolean mayRead(ObjectName mbean, String attribute) {
        if ("java.lang".equals(mbean.getDomain()) && "Runtime".equals(mbean.getKeyProperty("type"))) {
            return attribute != null && !RUNTIME_SECRETS.contains(attribute);
        }
        return true;
    }

    public static Verdict mayInvoke(Set<OperatorRole> roles, ObjectName mbean, String operation) {
        String name = operationName(operation);
        String domain = mbean.getDomain();
        if (roles.isEmpty() || JVM_DOMAINS.contains(domain)) {
            return new Verdict(false, true);
        }
        if (domain.equals("org.apache.camel")) {
            if (CAMEL_READS.matcher(name).matches()) {
                return new Verdict(true, false);
            }
            boolean route = "routes".equals(mbean.getKeyProperty("type"));
            return new Verdict(route && ROUTE_CONTROLS.contains(name) && roles.contains(OperatorRole.OPERATOR), true);
        }
        if (domain.equals("org.apache.activemq.artemis")) {
            if (ARTEMIS_READS.matcher(name).matches() && !ARTEMIS_SECRETS.contains(name)) {
                return new Verdict(true, false);
            }
            boolean queue = "queues".equals(mbean.getKeyProperty("subcomponent"));
            return new Verdict(queue && QUEUE_CONTROLS.contains(name) && roles.contains(OperatorRole.OPERATOR), true);
        }
        if (domain.equals("hawtio")) {
            return new Verdict(HAWTIO_READS.matcher(name).matches(), !HAWTIO_READS.matcher(name).matches());
        }
        return new Verdict(false, true);
    }

    /** Jolokia names an overloaded operation with its signature: {@code stop(long)}. */
    private static String operationName(String operation) {
        int paren = operation.indexOf('(');
        return paren < 0 ? operation : operation.substring(0, paren);
    }
}
