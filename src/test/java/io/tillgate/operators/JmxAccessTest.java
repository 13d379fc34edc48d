package io.tillgate.operators;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class JmxAccessTest {
    private static final Set<OperatorRole> VIEWER = EnumSet.of(OperatorRole.VIEWER);
    private static final Set<OperatorRole> OPERATOR = EnumSet.of(OperatorRole.VIEWER, OperatorRole.OPERATOR);
    private static final ObjectName ROUTE = name("org.apache.camel:context=tillgate,type=routes,name=\"transaction-worker\"");
    private static final ObjectName QUEUE = name("org.apache.activemq.artemis:broker=\"localhost\",component=addresses,"
            + "address=\"tillgate.transactions\",subcomponent=queues,routing-type=\"anycast\",queue=\"tillgate.transactions\"");

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aViewerRunsOperationsThatOnlyRead() {
        assertThat(JmxAccess.mayInvoke(VIEWER, ROUTE, "dumpRouteAsXml()")).isEqualTo(new JmxAccess.Verdict(true, false));
        assertThat(JmxAccess.mayInvoke(VIEWER, QUEUE, "countMessages()")).isEqualTo(new JmxAccess.Verdict(true, false));
        assertThat(JmxAccess.mayInvoke(VIEWER, name("hawtio:type=security,name=RBACRegistry"), "list()").allowed()).isTrue();
    }

    @Test
    void onlyAnOperatorStartsAndStopsRoutesAndPausesQueues() {
        for (String control : new String[]{"start()", "stop()", "suspend()", "resume()", "stop(long)"}) {
            assertThat(JmxAccess.mayInvoke(VIEWER, ROUTE, control)).as(control).isEqualTo(new JmxAccess.Verdict(false, true));
            assertThat(JmxAccess.mayInvoke(OPERATOR, ROUTE, control)).as(control).isEqualTo(new JmxAccess.Verdict(true, true));
        }
        assertThat(JmxAccess.mayInvoke(OPERATOR, QUEUE, "pause()").allowed()).isTrue();
        assertThat(JmxAccess.mayInvoke(VIEWER, QUEUE, "pause()").allowed()).isFalse();
        assertThat(JmxAccess.mayInvoke(OPERATOR, name("org.apache.camel:context=tillgate,type=context,name=\"tillgate\""), "stop()").allowed())
                .isFalse();
    }

    @Test
    void nobodyRunsJvmOrDestructiveBrokerOperations() {
        ObjectName broker = name("org.apache.activemq.artemis:broker=\"localhost\"");
        for (String op : new String[]{"removeAllMessages()", "removeMessages(java.lang.String)", "deleteAddress(java.lang.String)",
                "destroyQueue(java.lang.String)", "addSecuritySettings(java.lang.String,java.lang.String,java.lang.String)", "listUser(java.lang.String)"}) {
            assertThat(JmxAccess.mayInvoke(OPERATOR, op.startsWith("remove") ? QUEUE : broker, op).allowed()).as(op).isFalse();
        }
        assertThat(JmxAccess.mayInvoke(OPERATOR, name("java.lang:type=Memory"), "gc()").allowed()).isFalse();
        assertThat(JmxAccess.mayInvoke(OPERATOR, name("com.sun.management:type=HotSpotDiagnostic"), "dumpHeap(java.lang.String,boolean)").allowed())
                .isFalse();
        assertThat(JmxAccess.mayInvoke(OPERATOR, name("jdk.management.jfr:type=FlightRecorder"), "startRecording(long)").allowed()).isFalse();
        assertThat(JmxAccess.mayInvoke(EnumSet.noneOf(OperatorRole.class), ROUTE, "dumpRouteAsXml()").allowed()).isFalse();
    }

    @Test
    void theRuntimeAttributesThatShowTheCommandLineAreNotRead() {
        ObjectName runtime = name("java.lang:type=Runtime");
        assertThat(JmxAccess.mayRead(runtime, "Uptime")).isTrue();
        assertThat(JmxAccess.mayRead(runtime, "InputArguments")).isFalse();
        assertThat(JmxAccess.mayRead(runtime, "SystemProperties")).isFalse();
        assertThat(JmxAccess.mayRead(runtime, null)).isFalse();
        assertThat(JmxAccess.mayRead(name("java.lang:type=Memory"), "HeapMemoryUsage")).isTrue();
    }
}
