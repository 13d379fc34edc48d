package io.tillgate.simulate;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One simulation as it runs and when it is done: its request, how far it got, and its result or why it failed. */
final class Simulation {
    public enum State { running, done, failed }

    private final String id;
    private final long applicationId;
    private final String campaignName;
    private final SimulationRequest request;
    private final Instant created;
    private final AtomicInteger scanned = new AtomicInteger();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int total = -1;
    private volatile State state = State.running;
    private volatile Replay.Result result;
    private volatile String failure;
    private volatile Instant ended;
    private volatile boolean cancelled;

    Simulation(String id, long applicationId, String campaignName, SimulationRequest request, Instant created) {
        this.id = id;
        this.applicationId = applicationId;
        this.campaignName = campaignName;
        this.request = request;
        this.created = created;
    }

    public String id() {
        return id;
    }

    public long applicationId() {
        return applicationId;
    }

    public String campaignName() {
        return campaignName;
    }

    public SimulationRequest request() {
        return request;
    }

    public Instant created() {
        return created;
    }

    public State state() {
        return state;
    }

    /** The closed sessions of the period looked at so far, and in all (-1 until counted). */
    public int scanned() {
        return scanned.get();
    }

    public int total() {
        return total;
    }

    public Replay.Result result() {
        return result;
    }

    public String failure() {
        return failure;
    }

    public Instant ended() {
        return ended;
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Stops it at its next sale; one waiting for a thread ends as it starts. */
    void cancel() {
        cancelled = true;
    }

    void counted(int total) {
        this.total = total;
    }

    void scannedMore(int sessions) {
        scanned.addAndGet(sessions);
    }

    void done(Replay.Result result, Instant at) {
        this.result = result;
        this.ended = at;
        this.state = State.done;
        finished.countDown();
    }

    void failed(String why, Instant at) {
        if (state != State.running) {
            return; // ended already: a cancel that came too late changes nothing
        }
        this.failure = why;
        this.ended = at;
        this.state = State.failed;
        finished.countDown();
    }

    /** Waits for the end, at most {@code millis}; whether it ended. */
    boolean awaitEnd(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }
}
