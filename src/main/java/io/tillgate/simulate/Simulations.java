package io.tillgate.simulate;

import io.tillgate.engine.Applications.Application;
import io.tillgate.engine.api.ApiRefusal;
import io.tillgate.engine.campaign.Campaign;
import io.tillgate.engine.campaign.InvalidCampaignException;
import io.tillgate.engine.catalog.CampaignCompiler;
import io.tillgate.engine.loyalty.LoyaltyProgram;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs simulations off the request threads, on a small pool of their own with a bounded queue, each reading the
 * period's sales a page at a time and replaying each sale in a short read-only transaction of its own, resting as it
 * goes so that it takes at most its share of a core, and stopping when cancelled or after {@code maxDuration}.
 * Finished simulations are kept in memory, the latest {@code keep}; a restart forgets them.
 */
@Service
public class Simulations {
    private static final Logger LOG = LoggerFactory.getLogger(Simulations.class);
    static final int PAGE = 200;

    private final SaleHistory history;
    private final Simulator simulator;
    private final SimulationProperties properties;
    private final TransactionTemplate readOnly;
    private final Clock clock;
    private final ThreadPoolExecutor pool;
    private final Map<String, Simulation> kept;

    Simulations(SaleHistory history, Simulator simulator, SimulationProperties properties,
                PlatformTransactionManager transactions, Clock clock) {
        this.history = history;
        this.simulator = simulator;
        this.properties = properties;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(properties.threads(), properties.threads(), 0, TimeUnit.MILLISECONDS,
                properties.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(properties.queue()), r -> {
            Thread t = new Thread(r, "simulation-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.kept = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Simulation> eldest) {
                return size() > properties.keep() && eldest.getValue().state() != Simulation.State.running;
            }
        };
    }

    /**
     * Compiles the draft (a 400 pointing into the body when it does not) and starts the simulation; a 503 when as many
     * simulations run and wait as the pool and its queue take.
     */
    Simulation start(Application app, SimulationRequest request) {
        Campaign draft;
        try {
            draft = CampaignCompiler.compile(app.id(), Replay.DRAFT_ID, request.campaign(), app.money().scale());
            if (!draft.achievements().isEmpty()) {
                throw new InvalidCampaignException(List.of(new io.tillgate.engine.campaign.CampaignProblem("/achievements",
                        "not supported yet", "simulations do not replay a draft's achievements yet; simulate it without them")));
            }
        } catch (InvalidCampaignException e) {
            throw SimulationRequest.within(e);
        }
        Simulation simulation = new Simulation(UUID.randomUUID().toString(), app.id(), draft.name(), request, clock.instant());
        synchronized (kept) {
            try {
                pool.execute(() -> run(app, draft, simulation));
            } catch (RejectedExecutionException full) {
                throw ApiRefusal.unavailable("as many simulations are running and waiting as tillgate.simulations.threads and "
                        + ".queue allow; try again when one has finished");
            }
            kept.put(simulation.id(), simulation);
        }
        return simulation;
    }

    Optional<Simulation> get(long applicationId, String id) {
        synchronized (kept) {
            return Optional.ofNullable(kept.get(id)).filter(s -> s.applicationId() == applicationId);
        }
    }

    private void run(Application app, Campaign draft, Simulation simulation) {
        SimulationRequest request = simulation.request();
        if (simulation.cancelled()) {
            simulation.failed("cancelled", clock.instant());
            return;
        }
        try {
            Replay replay = new Replay(draft, app.money(), request.timezone());
            Map<Long, LoyaltyProgram> programs = readOnly.execute(s -> simulator.programs());
            simulation.counted(readOnly.execute(s -> history.count(app.id(), request.from(), request.to())));
            SaleHistory.Cursor cursor = SaleHistory.Cursor.start(request.from());
            long deadline = System.nanoTime() + properties.maxDuration().toNanos();
            Pacing pacing = new Pacing(properties.cpuShare());
            while (true) {
                SaleHistory.Cursor after = cursor;
                SaleHistory.Page page = pacing.timed(() -> readOnly.execute(s -> history.page(app.id(), request.to(), after, PAGE)));
                for (HistoricalSale sale : page.sales()) {
                    if (simulation.cancelled()) {
                        simulation.failed("cancelled", clock.instant());
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        simulation.failed("stopped after " + properties.maxDuration().toMinutes() + " minutes "
                                + "(tillgate.simulations.max-duration): replay a shorter period, or fewer stores", clock.instant());
                        return;
                    }
                    if (simulator.belongsTo(app, sale)
                            && (request.stores().isEmpty() || request.stores().contains(sale.storeId()))) {
                        // each sale in a read-only transaction of its own: nothing held for long, nothing written
                        pacing.timed(() -> readOnly.execute(s -> {
                            simulator.replay(app, draft, request.withLiveCampaigns(), programs, sale, replay);
                            return sale;
                        }));
                    }
                    simulation.scannedMore(1);
                    pacing.rest();
                }
                simulation.scannedMore(page.sessions() - page.sales().size()); // the web shops' sessions of the page
                if (page.sessions() < PAGE) {
                    break;
                }
                cursor = page.next();
            }
            simulation.done(replay.result(), clock.instant());
        } catch (InterruptedException e) {
            simulation.failed("the gateway stopped before the simulation ended", clock.instant());
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("simulation {} of application {} failed", simulation.id(), app.id(), e);
            simulation.failed(e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
        }
    }

    /**
     * Keeps a simulation to its share of a core: each piece of work owes a rest as long as the work took, scaled by
     * what the share leaves; the rest is taken once it adds up to 20 ms (shorter sleeps cost more than they save).
     */
    private static final class Pacing {
        private static final long REST_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
        private final double share;
        private long owed;

        Pacing(double share) {
            this.share = share;
        }

        <T> T timed(java.util.function.Supplier<T> work) {
            long started = System.nanoTime();
            try {
                return work.get();
            } finally {
                owed += (long) ((System.nanoTime() - started) * (1 - share) / share);
            }
        }

        void rest() throws InterruptedException {
            if (owed >= REST_NANOS) {
                TimeUnit.NANOSECONDS.sleep(owed);
                owed = 0;
            }
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
