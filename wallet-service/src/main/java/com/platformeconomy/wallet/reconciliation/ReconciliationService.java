package com.platformeconomy.wallet.reconciliation;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.parking.ParkedEvents;
import com.platformeconomy.wallet.idempotency.LostRecords;
import com.platformeconomy.wallet.redis.BucketStops;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import com.platformeconomy.wallet.redis.MovementCounter;
import com.platformeconomy.wallet.relay.BillingRelay;
import io.smallrye.mutiny.Multi;
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
 *
 * <p>One Redis bucket at a time (redis/Keys): each has its own counter and accounts, and every
 * movement it numbered moved tokens between two of its wallets (a system account's sub-account
 * there), so its balances are compared with the ledger's sums of its own seqs.
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
    private final LostRecords lostRecords;
    private final BucketStops stops;
    private final BillingRelay relay;

    public ReconciliationService(Keys keys, LuaScripts scripts, TokenLedger ledger, ReconciliationConfig config, ParkedEvents parked,
                                 MovementCounter counter, LedgerLag lag, LostRecords lostRecords, BucketStops stops, BillingRelay relay) {
        this.stops = stops;
        this.relay = relay;
        this.lostRecords = lostRecords;
        this.keys = keys;
        this.counter = counter;
        this.lag = lag;
        this.parked = parked;
        this.scripts = scripts;
        this.ledger = ledger;
        this.config = config;
    }

    private record Snapshot(Keys.Bucket bucket, long seq, Map<String, Long> balances) {
    }

    /** One bucket's comparison: the accounts compared and those that drift. */
    private record Compared(long seq, int accounts, List<ReconciliationReport.Drift> drift) {
    }

    /** Every bucket compared in turn; the report's seq is the highest any bucket's snapshot counted. */
    public Uni<ReconciliationReport> reconcile() {
        return counter.requireLayout()
                .chain(() -> Multi.createFrom().iterable(keys.all()).onItem().transformToUniAndConcatenate(this::compare).collect().asList())
                .chain(compared -> ledger.unmatchedEscrowLegs(config.escrowLegGrace()).chain(unmatched -> parkedMovements().map(movements -> {
                    long seq = 0;
                    int accounts = 0;
                    List<ReconciliationReport.Drift> drift = new ArrayList<>();
                    for (Compared bucket : compared) {
                        seq = Math.max(seq, bucket.seq());
                        accounts += bucket.accounts();
                        drift.addAll(bucket.drift());
                    }
                    if (!unmatched.isEmpty()) {
                        LOG.warnf("reconciliation: %d captures through escrow whose two legs do not pair up in the ledger", unmatched.size());
                    }
                    return new ReconciliationReport(seq, accounts, drift, movements, unmatched);
                })));
    }

    private Uni<Compared> compare(Keys.Bucket bucket) {
        return snapshot(bucket).chain(snapshot -> awaitLedger(bucket, snapshot.seq())
                .chain(() -> ledger.balancesUpTo(bucket, snapshot.seq()))
                .map(ledgerBalances -> {
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
                        LOG.warnf("reconciliation of bucket %d as of seq %d: %d of %d accounts drift from the ledger",
                                bucket.index(), snapshot.seq(), drift.size(), accounts.size());
                    }
                    return new Compared(snapshot.seq(), accounts.size(), drift);
                }));
    }

    /**
     * Sets every account's Redis balance to its ledger sum. Meant for a quiescent system, e.g.
     * after Redis lost its data: should a movement land meanwhile it refuses (409
     * {@code not_quiescent}) rather than overwrite it. Holds ({@code held}) are left as they are. It
     * sets the movement counter to the ledger's highest seq (makes it again after Redis lost its
     * data, when every movement is refused until this rebuild: {@link MovementCounter}). Before it
     * sets any, it puts back the idempotency records of callers' ids booked within the window, as
     * stand-ins where Redis lost them ({@link LostRecords}), so that no retry is applied again, and the
     * claims of the holds the buckets keep, so that no other bucket takes a hold's id.
     * First it waits until every movement in the buckets' streams is on Kafka and booked: a bucket is
     * stopped with movements its relay has not yet published (answered to their callers), and balances
     * set without them would drift once they are booked, and give back what was spent.
     */
    public Uni<RebuildReport> rebuild() {
        long deadline = System.nanoTime() + config.catchUpTimeout().toNanos();
        return counter.requireLayout()
                .chain(() -> Multi.createFrom().iterable(keys.all()).onItem().transformToUniAndConcatenate(bucket -> awaitRelayed(bucket, deadline))
                        .collect().last())
                .chain(() -> awaitKafkaBooked(deadline))
                // Every bucket's stand-ins before any bucket's counter: nothing moves before they are all in place.
                .chain(() -> lostRecords.standIn().invoke(ids -> LOG.infof("rebuild: the callers' ids booked within the "
                        + "window have their idempotency records (a stand-in where Redis lost one), by bucket: %s", ids)))
                .chain(() -> lostRecords.holdClaims().invoke(holds -> LOG.infof("rebuild: the holds every bucket keeps have "
                        + "their ids' claims (put back where Redis lost one), by bucket: %s", holds)))
                .chain(() -> Multi.createFrom().iterable(keys.all()).onItem().transformToUniAndConcatenate(this::rebuild)
                        .collect().asList())
                .map(reports -> {
                    long asOf = 0;
                    int accounts = 0;
                    List<RebuildReport.Restored> restored = new ArrayList<>();
                    for (RebuildReport bucket : reports) {
                        asOf = Math.max(asOf, bucket.asOfSeq());
                        accounts += bucket.checkedAccounts();
                        restored.addAll(bucket.restored());
                    }
                    return new RebuildReport(asOf, accounts, restored, List.of(), 0);
                })
                .call(counter::record)
                .chain(report -> parkedMovements().chain(open -> relay.setAsideNow().onFailure().recoverWithItem(failure -> {
                    // The balances are set: a count it cannot read must not turn the report of what changed into an error.
                    LOG.warnf("rebuild: the entries set aside could not be counted (%s); set_aside_entries is -1", failure.getMessage());
                    return -1L;
                }).map(setAside -> {
                    if (setAside > 0) {
                        LOG.warnf("rebuild: %d billing stream entries are set aside (billing:rejected): movements Redis made that "
                                + "no ledger sum counts; the rebuilt balances lack them", setAside);
                    }
                    return new RebuildReport(report.asOfSeq(), report.checkedAccounts(), report.restored(), open, setAside);
                })));
    }

    /**
     * Stops every bucket whose Redis went back in time: its counter is below a seq the ledger has
     * booked ({@link BucketStops#stopIfBehindTheLedger}).
     * Answers the buckets stopped.
     */
    public Uni<List<Integer>> stopBucketsBehindTheLedger() {
        return counter.requireLayout().chain(() -> Multi.createFrom().iterable(keys.all()).onItem()
                .transformToUniAndConcatenate(bucket -> stops.stopIfBehindTheLedger(bucket).map(stopped -> stopped ? bucket.index() : -1))
                .filter(index -> index >= 0).collect().asList());
    }

    /** The movements Redis made that the ledger parked, still open: no ledger sum counts them. */
    private Uni<List<ReconciliationReport.ParkedMovement>> parkedMovements() {
        return parked.list(true).map(open -> open.stream()
                .filter(p -> ParkedEvents.LEDGER.equals(p.source()))
                .map(p -> new ReconciliationReport.ParkedMovement(p.id(), p.eventId(), p.seq(), p.reason()))
                .toList());
    }

    /**
     * One bucket: its balances and counter from the ledger's rows of its seqs. A counter Redis lost
     * (the snapshot reads 0) is made again at the bucket's last booked seq, or one stride before its
     * first when the ledger holds none of it, so its next movement takes the next seq of its own.
     */
    private Uni<RebuildReport> rebuild(Keys.Bucket bucket) {
        return snapshot(bucket).chain(snapshot -> awaitLedger(bucket, snapshot.seq())
                .chain(() -> ledger.maxSeq(bucket))
                .chain(ledgerSeq -> {
                    long highest = Math.max(snapshot.seq(), ledgerSeq);
                    long asOf = bucket.numbered(highest) ? highest : bucket.emptyCounter();
                    return ledger.balancesUpTo(bucket, asOf).chain(ledgerBalances -> restore(snapshot, asOf, ledgerBalances));
                }));
    }

    private Uni<RebuildReport> restore(Snapshot snapshot, long asOf, Map<String, Long> ledgerBalances) {
        Keys.Bucket bucket = snapshot.bucket();
        TreeSet<String> accounts = new TreeSet<>(snapshot.balances().keySet());
        accounts.addAll(ledgerBalances.keySet());
        List<String> args = new ArrayList<>();
        args.add(Long.toString(snapshot.seq()));
        args.add(Long.toString(asOf));
        args.add(bucket.walletPrefix());
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
        return scripts.run(Script.RESTORE_BALANCES, List.of(bucket.seq(), bucket.accounts()), args).map(result -> {
            if (result.toLong() < 0) {
                throw new ApiException(ErrorCode.NOT_QUIESCENT,
                        "Tokens moved while the rebuild ran; it changed nothing. Rebuild only a quiescent system.");
            }
            LOG.warnf("rebuild of bucket %d as of seq %d set %d Redis balances from the ledger", bucket.index(), asOf, restored.size());
            return new RebuildReport(asOf, accounts.size(), restored, List.of(), 0);
        });
    }

    private Uni<Snapshot> snapshot(Keys.Bucket bucket) {
        return scripts.run(Script.SNAPSHOT_BALANCES, List.of(bucket.accounts(), bucket.seq()), List.of(bucket.walletPrefix()))
                .map(response -> {
                    long seq = Long.parseLong(response.get(0).toString());
                    Map<String, Long> balances = new HashMap<>();
                    for (int i = 1; i + 1 < response.size(); i += 2) {
                        balances.put(response.get(i).toString(), Long.parseLong(response.get(i + 1).toString()));
                    }
                    return new Snapshot(bucket, seq, balances);
                });
    }

    /** Until the relay has put on Kafka every entry of the bucket's stream; 503 ledger_behind past the deadline. */
    private Uni<Void> awaitRelayed(Keys.Bucket bucket, long deadlineNanos) {
        return relay.unpublished(bucket).chain(unpublished -> {
            if (unpublished.none()) {
                return Uni.createFrom().voidItem();
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.LEDGER_BEHIND, "The billing relay has not yet published "
                        + (keys.count() > 1 ? "bucket " + bucket.index() + "'s" : "the") + " billing stream to Kafka: "
                        + unpublished.pending() + " entries read and not acknowledged" + (unpublished.unread() ? ", more not yet read" : "")
                        + ". Entries a relay read and did not acknowledge (it stopped or stalled) are taken over by another"
                        + " once idle for wallet.relay.claim-min-idle; rebuild once they are published."));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(config.catchUpPoll())
                    .chain(() -> awaitRelayed(bucket, deadlineNanos));
        });
    }

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

    /** Completes once the ledger holds every movement numbered 1..{@code seq}; 503 ledger_behind past the timeout. */
    private Uni<Void> awaitLedger(Keys.Bucket bucket, long seq) {
        return awaitLedger(bucket, seq, System.nanoTime() + config.catchUpTimeout().toNanos());
    }

    private Uni<Void> awaitLedger(Keys.Bucket bucket, long seq, long deadlineNanos) {
        long applied = bucket.movementsUpTo(seq);
        if (applied == 0) {
            return Uni.createFrom().voidItem();
        }
        return ledger.bookedUpTo(bucket, seq).chain(booked -> {
            if (booked >= applied) {
                return Uni.createFrom().voidItem();
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                // Name the gaps: a movement that never arrives is a lost event, not lag.
                return ledger.missingUpTo(bucket, seq).chain(missing -> Uni.createFrom().failure(new ApiException(ErrorCode.LEDGER_BEHIND,
                        "The ledger has booked or parked " + booked + " of the " + applied
                                + " movements Redis has applied" + (keys.count() > 1 ? " in bucket " + bucket.index() : "")
                                + "; missing seq " + missing + ". Try again shortly;"
                                + " a gap that stays is a billing event lost between Redis and the ledger.")));
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(config.catchUpPoll())
                    .chain(() -> awaitLedger(bucket, seq, deadlineNanos));
        });
    }

    private static java.time.Duration max(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
