package com.platformeconomy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.contracts.event.EventIds;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * A steady, small load through the routes — charges on every paid app, API-usage debits and
 * metered usage — from a few threads until stopped. Every request carries a fresh id; one that
 * gets no definitive answer (no answer, or a 5xx while something is down) is kept and, after the
 * fault is repaired, sent again with the same id and body until it gets one: so the test knows
 * the outcome of everything it sent, and the services' idempotency decides whether it had
 * already happened.
 */
final class Load implements AutoCloseable {

    private interface Op {
        /** Sends the request; true when its outcome is known (accepted, refused or a 4xx). */
        boolean send();
    }

    private final E2eSuite suite;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<Op> unknown = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger definite = new AtomicInteger();
    /** Answers of 500 and up, by status: while a store or a peer is away the suite answers 503 or not at all, never 500. */
    private final java.util.Map<Integer, AtomicInteger> serverErrors = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final ExecutorService threads;
    private final List<Future<?>> workers = new ArrayList<>();
    private final Semaphore permits = new Semaphore(0);
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    /**
     * Load; the fault while it runs; the load goes on against the broken suite for at least
     * {@code sentAfterFault} more requests; the repair; the load goes on; then every outcome is
     * resolved, the invariants awaited, the nodes settled, and the invariants awaited again.
     * FaultInjectionTest and ReplicasTest run their faults through it.
     */
    static void underFault(E2eSuite suite, String what, Runnable fault, Runnable repair, int sentAfterFault) {
        int before = suite.model.charges().size();
        long start = System.nanoTime();
        StringBuilder phases = new StringBuilder();
        try (Load load = new Load(suite, 3, 20)) {
            load.awaitProgress(20, Duration.ofSeconds(60));
            phases.append(String.format("load %.1f s", seconds(start)));
            fault.run();
            int sentAtFault = load.sent();
            Awaitility.await("load against the broken suite").atMost(Duration.ofSeconds(30))
                    .until(() -> load.sent() >= sentAtFault + sentAfterFault);
            phases.append(String.format(", fault %.1f s", seconds(start)));
            repair.run();
            phases.append(String.format(", repaired %.1f s", seconds(start)));
            load.awaitProgress(20, Duration.ofSeconds(120));
            load.stopAndResolve(Duration.ofSeconds(120));
            phases.append(String.format(", resolved %.1f s (%d requests; answers >= 500 by status %s)", seconds(start), load.sent(),
                    load.serverErrors));
            // A 500 says "cause unknown": no client may safely retry it. What was away is known here.
            assertThat(load.serverErrors).as("requests answered 500 while %s was away (503 or no answer expected)", what)
                    .doesNotContainKey(500);
        }
        assertThat(suite.model.charges().size()).as("charges accepted under load").isGreaterThan(before);
        Invariants.awaitAll(suite, Duration.ofSeconds(120)); // what was in flight has landed …
        phases.append(String.format(", consistent %.1f s", seconds(start)));
        suite.settle(); // … so the nodes' records are settled against a complete record
        Invariants.awaitAll(suite, Duration.ofSeconds(120));
        System.out.printf("e2e fault %s: %s, settled and consistent %.1f s%n", what, phases, seconds(start));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** {@code threadCount} workers sharing {@code perSecond} requests a second: steady, and small enough for CI. */
    Load(E2eSuite suite, int threadCount, int perSecond) {
        this.suite = suite;
        pacer.scheduleAtFixedRate(() -> {
            if (permits.availablePermits() < threadCount) {
                permits.release();
            }
        }, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
        this.threads = Executors.newFixedThreadPool(threadCount);
        for (int t = 0; t < threadCount; t++) {
            int worker = t;
            workers.add(threads.submit(() -> run(worker)));
        }
    }

    private void run(int worker) {
        long i = 0;
        while (running.get()) {
            try {
                if (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            Op op = next(worker, i++);
            sent.incrementAndGet();
            if (op.send()) {
                definite.incrementAndGet();
            } else {
                unknown.add(op);
            }
        }
    }

    private Op next(int worker, long i) {
        String user = E2eSuite.USERS.get((int) ((worker + i) % E2eSuite.USERS.size()));
        return switch ((int) (i % 5)) {
            case 0, 1 -> charge(user, E2eSuite.PAID_APPS.get((int) ((i / 5 + worker) % E2eSuite.PAID_APPS.size())), i % 10 == 1);
            case 2 -> debit(user);
            case 3 -> usage(worker, i);
            default -> i % 15 == 4 ? goal() : charge(user, E2eSuite.APP_FREE, false);
        };
    }

    private Op charge(String user, String app, boolean byollm) {
        String id = EventIds.uuidV7();
        return () -> known(suite.charge(id, user, app, "action", byollm));
    }

    private Op debit(String user) {
        String id = EventIds.uuidV7();
        return () -> known(suite.debit(id, user, 3, "api_usage"));
    }

    private Op usage(int worker, long i) {
        String id = "use-" + EventIds.uuidV7();
        String node = worker % 2 == 0 ? "e2e-node-a" : "e2e-node-b";
        BigDecimal usd = new BigDecimal("0.0" + (1 + i % 9) + "5");
        return () -> known(suite.usage(id, node, E2eSuite.OP1, i % 3 == 0 ? "idle" : "hive", usd));
    }

    private Op goal() {
        String requestId = "e2e-load-" + EventIds.uuidV7();
        return () -> known(suite.goal(requestId));
    }

    private boolean known(Http.Res res) {
        if (res.answered() && res.status() >= 500) {
            serverErrors.computeIfAbsent(res.status(), status -> new AtomicInteger()).incrementAndGet();
        }
        return res.answered() && res.status() < 500;
    }

    /** Waits until at least {@code count} more requests have a definite outcome. */
    void awaitProgress(int count, Duration atMost) {
        int target = definite.get() + count;
        Awaitility.await("load progress").atMost(atMost).until(() -> definite.get() >= target);
    }

    /** Stops the load, then resends every request whose outcome is unknown until each has one. */
    void stopAndResolve(Duration atMost) {
        running.set(false);
        for (Future<?> worker : workers) {
            try {
                worker.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("a load worker failed", e);
            }
        }
        threads.shutdown();
        pacer.shutdownNow();
        Awaitility.await("every request's outcome").atMost(atMost).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (int n = unknown.size(); n > 0; n--) {
                Op op = unknown.poll();
                if (op != null && !op.send()) {
                    unknown.add(op);
                }
            }
            return unknown.isEmpty();
        });
    }

    int sent() {
        return sent.get();
    }

    @Override
    public void close() {
        running.set(false);
        threads.shutdownNow();
        pacer.shutdownNow();
    }
}
