package com.platformeconomy.wallet.reconciliation;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.parking.ParkedEvents;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import com.platformeconomy.wallet.redis.MovementCounter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Compares every Redis balance with its ledger sum (SPEC §2 double entry, §3 reconciliation), and
 * restores Redis balances from the ledger.
 *
 * <p>Redis runs ahead of the ledger (events are relayed through Kafka), so a naive comparison
 * would report every movement in flight as drift. Instead the balances and the movement counter
 * ({@code pes:billing:seq}) are read in one atomic script; the ledger is then awaited until it has
 * booked every movement numbered up to that counter, and only rows up to it are summed. Both sides
 * then describe the same instant.
 */
@ApplicationScoped
public class ReconciliationService {

    private static final Logger LOG = Logger.getLogger(ReconciliationService.class);


    private final LuaScripts scripts;
    private final TokenLedger ledger;
    private final ReconciliationConfig config;
    private final ParkedEvents parked;

    private final Keys keys;
    private final MovementCounter counter;
    private final LedgerLag lag;

    public ReconciliationService(Keys keys, LuaScripts scripts, TokenLedger ledger, ReconciliationConfig config, ParkedEvents parked,
                                 MovementCounter counter, LedgerLag lag) {
        this.keys = keys;
        this.counter = counter;
        this.lag = lag;
        this.parked = parked;
        this.scripts = scripts;
        this.ledger = ledger;
        this.config = config;
    }

    private record Snapshot(long seq, Map<String, Long> balances) {
    }

    public Uni<ReconciliationReport> reconcile() {
        return snapshot().chain(snapshot -> awaitLedger(snapshot.seq())
                .chain(() -> ledger.balancesUpTo(snapshot.seq()))
                .chain(ledgerBalances -> parked.list(true).map(open -> {
                    List<ReconciliationReport.ParkedMovement> movements = open.stream()
                            .filter(p -> ParkedEvents.LEDGER.equals(p.source()))
                            .map(p -> new ReconciliationReport.ParkedMovement(p.id(), p.eventId(), p.seq(), p.reason()))
                            .toList();
                    TreeSet<String> accounts = new TreeSet<>(snapshot.balances().keySet());
                    accounts.addAll(ledgerBalances.keySet());
                    List<ReconciliationReport.Drift> drift = new ArrayList<>();
                    for (String account : accounts) {
                        long inRedis = snapshot.balances().getOrDefault(account, 0L);
                        long inLedger = ledgerBalances.getOrDefault(account, 0L);
                        if (inRedis != inLedger) {
                            drift.add(new ReconciliationReport.Drift(account, inRedis, inLedger, inRedis - inLedger));
                        }
                    }
                    if (!drift.isEmpty()) {
                        LOG.warnf("reconciliation as of seq %d: %d of %d accounts drift from the ledger",
                                snapshot.seq(), drift.size(), accounts.size());
                    }
                    return new ReconciliationReport(snapshot.seq(), accounts.size(), drift, movements);
                })));
    }

    /**
     * Sets every account's Redis balance to its ledger sum. Meant for a quiescent system, e.g.
     * after Redis lost its data: should a movement land meanwhile it refuses (409
     * {@code not_quiescent}) rather than overwrite it. Holds ({@code held}) are left as they are. It
     * sets the movement counter to the ledger's highest seq (makes it again after Redis lost its
     * data, when every movement is refused until this rebuild: {@link MovementCounter}).
     */
    public Uni<RebuildReport> rebuild() {
        return awaitKafkaBooked(System.nanoTime() + config.catchUpTimeout().toNanos())
                .chain(this::snapshot).chain(snapshot -> awaitLedger(snapshot.seq())
                .chain(() -> ledger.maxSeq())
                .chain(ledgerSeq -> {
                    long asOf = Math.max(snapshot.seq(), ledgerSeq);
                    return ledger.balancesUpTo(asOf).chain(ledgerBalances -> restore(snapshot, asOf, ledgerBalances));
                }));
    }

    private Uni<RebuildReport> restore(Snapshot snapshot, long asOf, Map<String, Long> ledgerBalances) {
        TreeSet<String> accounts = new TreeSet<>(snapshot.balances().keySet());
        accounts.addAll(ledgerBalances.keySet());
        List<String> args = new ArrayList<>();
        args.add(Long.toString(snapshot.seq()));
        args.add(Long.toString(asOf));
        args.add(keys.walletPrefix());
        List<RebuildReport.Restored> restored = new ArrayList<>();
        for (String account : accounts) {
            long previous = snapshot.balances().getOrDefault(account, 0L);
            long balance = ledgerBalances.getOrDefault(account, 0L);
            if (previous != balance || !snapshot.balances().containsKey(account)) {
                args.add(account);
                args.add(Long.toString(balance));
                restored.add(new RebuildReport.Restored(account, previous, balance));
            }
        }
        return scripts.run(Script.RESTORE_BALANCES, List.of(keys.seq(), keys.accounts()), args).map(result -> {
            if (result.toLong() < 0) {
                throw new ApiException(ErrorCode.NOT_QUIESCENT,
                        "Tokens moved while the rebuild ran; it changed nothing. Rebuild only a quiescent system.");
            }
            LOG.warnf("rebuild as of seq %d set %d Redis balances from the ledger", asOf, restored.size());
            return new RebuildReport(asOf, accounts.size(), restored);
        }).call(counter::record);
    }

    private Uni<Snapshot> snapshot() {
        return scripts.run(Script.SNAPSHOT_BALANCES, List.of(keys.accounts(), keys.seq()), List.of(keys.walletPrefix())).map(response -> {
            long seq = Long.parseLong(response.get(0).toString());
            Map<String, Long> balances = new HashMap<>();
            for (int i = 1; i + 1 < response.size(); i += 2) {
                balances.put(response.get(i).toString(), Long.parseLong(response.get(i + 1).toString()));
            }
            return new Snapshot(seq, balances);
        });
    }

    /** Completes once the ledger holds every movement numbered 1..{@code seq}; 503 ledger_behind past the timeout. */
    /**
     * Until the ledger has committed every billing event Kafka holds: after Redis lost its data its
     * counter starts again at 0 and {@link #awaitLedger} would pass at once, though movements may
     * still be on their way to the ledger.
     */
    private Uni<Void> awaitKafkaBooked(long deadlineNanos) {
        return lag.behind().chain(behind -> {
            if (behind == 0) {
                return Uni.createFrom().voidItem();
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.LEDGER_BEHIND, "The ledger has not yet booked "
                        + behind + " billing events Kafka holds; rebuild once it has (its consumer lag 0)."));
            }
            // Each look opens a Kafka admin client: at most one a second.
            return Uni.createFrom().voidItem().onItem().delayIt().by(max(config.catchUpPoll(), java.time.Duration.ofSeconds(1)))
                    .chain(() -> awaitKafkaBooked(deadlineNanos));
        });
    }

    private Uni<Void> awaitLedger(long seq) {
        return awaitLedger(seq, System.nanoTime() + config.catchUpTimeout().toNanos());
    }

    private Uni<Void> awaitLedger(long seq, long deadlineNanos) {
        if (seq <= 0) {
            return Uni.createFrom().voidItem();
        }
        return ledger.bookedUpTo(seq).chain(booked -> {
            if (booked >= seq) {
                return Uni.createFrom().voidItem();
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                // Name the gaps: a movement that never arrives is a lost event, not lag.
                return ledger.missingUpTo(seq).chain(missing -> Uni.createFrom().failure(new ApiException(ErrorCode.LEDGER_BEHIND,
                        "The ledger has booked or parked " + booked + " of the " + seq
                                + " movements Redis has applied; missing seq " + missing + ". Try again shortly;"
                                + " a gap that stays is a billing event lost between Redis and the ledger.")));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(config.catchUpPoll())
                    .chain(() -> awaitLedger(seq, deadlineNanos));
        });
    }

    private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
