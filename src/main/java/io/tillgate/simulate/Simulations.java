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
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs simulations off the request threads, on a small pool of their own with a bounded queue, each reading the
 * period's sales a page at a time in short read-only transactions and pausing between pages so that it takes at most
 * its share of a core. Finished simulations are kept in memory, the latest {@code keep}; a restart forgets them.
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

    /** How long the POST may wait for a simulation to end. */
    long answerWithinMillis() {
        return properties.answerWithin().toMillis();
    }

    private void run(Application app, Campaign draft, Simulation simulation) {
        SimulationRequest request = simulation.request();
        try {
            Replay replay = new Replay(draft, app.money(), request.timezone());
            Map<Long, LoyaltyProgram> programs = readOnly.execute(s -> simulator.programs());
            simulation.counted(readOnly.execute(s -> history.count(app.id(), request.from(), request.to())));
            SaleHistory.Cursor cursor = SaleHistory.Cursor.start(request.from());
            while (true) {
                long started = System.nanoTime();
                SaleHistory.Cursor after = cursor;
                SaleHistory.Page page = readOnly.execute(s -> {
                    SaleHistory.Page read = history.page(app.id(), request.to(), after, PAGE);
                    for (HistoricalSale sale : read.sales()) {
                        if (request.stores().isEmpty() || request.stores().contains(sale.storeId())) {
                            simulator.replay(app, draft, request.withLiveCampaigns(), programs, sale, replay);
                        }
                    }
                    return read;
                });
                simulation.scannedMore(page.sessions());
                if (page.sessions() < PAGE) {
                    break;
                }
                cursor = page.next();
                pause(System.nanoTime() - started);
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

    /** Rests as long as the page's work took, scaled, so that the simulation takes at most its share of a core. */
    private void pause(long workedNanos) throws InterruptedException {
        double share = properties.cpuShare();
        if (share < 1) {
            TimeUnit.NANOSECONDS.sleep((long) (workedNanos * (1 - share) / share));
        }
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
    }
}
