package com.platformeconomy.earnings.developer;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.platform.idempotency.IdempotentRequest;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.earnings.config.EarningsConfig;
import com.platformeconomy.earnings.wallet.InsufficientBalanceException;
import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.earnings.wallet.WalletRefusedException;
import com.platformeconomy.earnings.wallet.WalletUnavailableException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import org.jboss.logging.Logger;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Tiers: explorer at first use; indie and studio bought with tokens from the developer's wallet;
 * partner (or any tier) set by an admin. A purchase is three steps — claim the Idempotency-Key and
 * persist the purchase with its event id, debit the wallet with that id, record the outcome — so a
 * retry after any failure reuses the id and the wallet debits once.
 */
@ApplicationScoped
public class TierService {

    /**
     * How long a purchase's first attempt holds its Idempotency-Key while it calls the wallet: longer
     * than the wallet client's retries (4 × 5 s read timeout); a request with the key meanwhile is
     * 409 request_in_progress, one after it resumes the purchase.
     */
    static final Duration KEY_LEASE = Duration.ofSeconds(30);

    private final EarningsConfig config;
    private final DeveloperService developers;
    private final WalletClient wallet;
    private final IdempotencyKeys keys;
    private final MeterRegistry metrics;

    private static final Logger LOG = Logger.getLogger(TierService.class);

    private final Counter redriveFailures;

    public TierService(EarningsConfig config, DeveloperService developers, WalletClient wallet, IdempotencyKeys keys,
                       MeterRegistry metrics) {
        this.redriveFailures = Counter.builder("earnings.tier.redrive.failures")
                .description("Re-drives of a pending tier purchase that left it pending (the wallet did not answer, or refused)")
                .register(metrics);
        this.config = config;
        this.developers = developers;
        this.wallet = wallet;
        this.keys = keys;
        this.metrics = metrics;
    }

    @WithTransaction
    public Uni<TierView> current(String developerId) {
        return developers.findOrCreate(developerId).map(this::view);
    }

    /**
     * The split an approval by {@code approver} fixes into an app of {@code developerId} now: its tier's
     * (runs in the caller's transaction).
     * SPEC §10, four eyes: 403 when {@code approver} granted that tier (for nothing), since one admin would
     * otherwise set a developer's share of every charge alone; another admin approves.
     */
    public Uni<Integer> splitToApprove(String developerId, String approver) {
        return developers.findOrCreate(developerId).map(d -> {
            Tier tier = d.effectiveTier(now());
            if (tier != Tier.EXPLORER && approver.equals(d.tierGrantedBy)) {
                throw new ApiException(ErrorCode.FORBIDDEN, "An admin does not approve an app of " + developerId + " at the "
                        + tier.id() + " tier it granted (revenue_split_dev " + tier.splitDev(config) + "): another admin approves it.");
            }
            return tier.splitDev(config);
        });
    }

    /**
     * A developer buys indie or studio under an Idempotency-Key: debits the annual cost, then the
     * tier holds for a year. Three steps — claim the key and persist the purchase with its event id,
     * debit the wallet with that id, record the outcome and the key's response — so a retry after any
     * failure, however late, finds the same purchase and reuses its event id: the wallet debits once.
     */
    public Uni<Response> buy(String developerId, Tier tier, IdempotentRequest key) {
        requirePurchasable(tier);
        return begin(developerId, tier, key).chain(started -> {
            if (started.answer() != null) {
                return Uni.createFrom().item(started.answer());
            }
            TierPurchase purchase = started.purchase();
            return debit(purchase)
                    .onItem().transformToUni(balance -> finish(developerId, purchase.purchaseId, true, key))
                    .invoke(() -> count(tier, "completed"))
                    .onFailure(InsufficientBalanceException.class).recoverWithUni(() -> {
                        // 402 is the one answer that says for certain nothing moved: only it ends the purchase unpaid.
                        count(tier, "refused");
                        return finish(developerId, purchase.purchaseId, false, key);
                    })
                    .onFailure(e -> !(e instanceof ApiException)).call(() -> Panache.withTransaction(() -> keys.release(key)))
                    .onFailure(WalletRefusedException.class).transform(e -> new ApiException(ErrorCode.WALLET_REFUSED,
                            "wallet-service refused the tier fee (" + ((WalletRefusedException) e).status() + "); the purchase "
                                    + "stays pending, is never marked refused while the debit may have happened, and a "
                                    + "retry with the same Idempotency-Key reuses its event id."))
                    .onFailure(e -> e instanceof WalletUnavailableException || e instanceof CircuitBreakerOpenException)
                    .transform(e -> new ApiException(ErrorCode.WALLET_UNAVAILABLE,
                            "wallet-service could not be reached; retry with the same Idempotency-Key: the purchase keeps "
                                    + "its event id and is charged once."))
                    .onFailure(e -> e instanceof ApiException api && api.status() >= 500).invoke(() -> count(tier, "failed"));
        });
    }

    /**
     * The purchase's debit, the same request every time (its suite id, amount, category, reason and
     * time): the wallet debits it at most once, whoever sends it again (a retry, the re-drive).
     */
    private Uni<Long> debit(TierPurchase purchase) {
        return wallet.debit(purchase.developerId, purchase.eventId, purchase.amount, "tier_fee",
                "tier " + purchase.tier + " for a year", purchase.createdAt.toInstant());
    }

    /** 403 for partner (an admin's to set), 400 for explorer (automatic); indie and studio pass. */
    static void requirePurchasable(Tier tier) {
        if (!tier.purchasable()) {
            throw tier == Tier.PARTNER
                    ? new ApiException(ErrorCode.FORBIDDEN, "The partner tier is set by an admin.")
                    : new ApiException(ErrorCode.TIER_NOT_PURCHASABLE, "The explorer tier is automatic; it cannot be bought.");
        }
    }

    /**
     * An admin ({@code grantedBy}) sets any tier (partner only this way), without a debit; it holds for a
     * year. That admin approves none of the developer's apps while it holds ({@link #splitToApprove}).
     */
    @WithTransaction
    public Uni<TierView> grant(String developerId, Tier tier, String grantedBy) {
        return developers.findOrCreate(developerId).map(developer -> {
            OffsetDateTime now = now();
            developer.tier = tier.id();
            developer.tierExpiresAt = tier == Tier.EXPLORER ? null : now.plus(config.tierValidity());
            developer.tierGrantedBy = tier == Tier.EXPLORER ? null : grantedBy;
            developer.updatedAt = now;
            return view(developer);
        });
    }

    /** Either the answer to give now (a replay, the tier already in force…) or the purchase to pay for. */
    private record Started(Response answer, TierPurchase purchase) {
    }

    /**
     * Claims the key (held for {@link #KEY_LEASE} while the wallet is called) and finds the purchase
     * to pay for: the one this key started, else a pending one of the same tier (its event id, so the
     * wallet debits once), else a new one.
     */
    @WithTransaction
    Uni<Started> begin(String developerId, Tier tier, IdempotentRequest key) {
        return keys.claim(key, KEY_LEASE).chain(claim -> {
            if (!claim.claimed()) {
                return Uni.createFrom().item(new Started(claim.answer(), null));
            }
            return developers.lock(developerId).chain(developer -> TierPurchase.<TierPurchase>find(
                            "developerId = ?1 and idempotencyKey = ?2", developerId, key.key()).firstResult()
                    .chain(mine -> {
                        if (mine != null && mine.state() == TierPurchaseState.PENDING) {
                            return Uni.createFrom().item(new Started(null, mine));
                        }
                        if (mine != null) {
                            return answer(key, developer, mine);
                        }
                        if (developer.effectiveTier(now()) == tier) {
                            return keys.complete(key, 200, view(developer)).map(r -> new Started(r, null));
                        }
                        Tier inForce = developer.effectiveTier(now());
                        if (inForce.compareTo(tier) > 0) {
                            // It would replace the higher tier for a year at full price: the developer would pay to earn less.
                            return keys.completeWithProblem(key, new ApiException(ErrorCode.HIGHER_TIER_IN_FORCE, "Tier "
                                    + inForce.id() + " is in force until " + developer.tierExpiresAt + "; buying " + tier.id()
                                    + " would replace it with a lower split. Buy it once " + inForce.id() + " has ended."))
                                    .map(r -> new Started(r, null));
                        }
                        return TierPurchase.<TierPurchase>find("developerId = ?1 and status = ?2", developerId,
                                        TierPurchaseState.PENDING.wire())
                                .firstResult()
                                .chain(pending -> {
                                    if (pending != null && pending.tier.equals(tier.id())) {
                                        return Uni.createFrom().item(new Started(null, pending));
                                    }
                                    if (pending != null) {
                                        return Uni.createFrom().failure(new ApiException(ErrorCode.PURCHASE_IN_PROGRESS,
                                                "A purchase of tier " + pending.tier + " is in progress; retry it first."));
                                    }
                                    TierPurchase purchase = new TierPurchase();
                                    purchase.developerId = developerId;
                                    purchase.tier = tier.id();
                                    purchase.amount = tier.annualCost(config);
                                    // Random, so no caller can guess it; a suite id (no caller can name one), which the
                                    // wallet remembers for days and then finds in its ledger, so a retry after an outage
                                    // is debited then or answered the debit it had; kept, so every retry reuses it.
                                    purchase.eventId = SuiteIds.tierFee(EventIds.uuidV7());
                                    purchase.idempotencyKey = key.key();
                                    purchase.status = TierPurchaseState.PENDING.wire();
                                    purchase.createdAt = now();
                                    return purchase.<TierPurchase>persistAndFlush().map(p -> new Started(null, p));
                                });
                    }));
        });
    }

    /** The answer for a purchase already decided (its key was taken over after a crash). */
    private Uni<Started> answer(IdempotentRequest key, Developer developer, TierPurchase purchase) {
        Uni<Response> answer = purchase.state() == TierPurchaseState.COMPLETED
                ? keys.complete(key, 200, view(developer))
                : keys.completeWithProblem(key, insufficient(purchase));
        return answer.map(r -> new Started(r, null));
    }

    /**
     * Records the wallet's answer and the key's response in one transaction; a completed purchase
     * starts a year of the tier.
     */
    @WithTransaction
    Uni<Response> finish(String developerId, long purchaseId, boolean paid, IdempotentRequest key) {
        return settle(developerId, purchaseId, paid).chain(settled -> settled.purchase().state() == TierPurchaseState.COMPLETED
                ? keys.complete(key, 200, view(settled.developer()))
                : keys.completeWithProblem(key, insufficient(settled.purchase())));
    }

    private record Settled(Developer developer, TierPurchase purchase) {
    }

    /** Records the wallet's answer for a pending purchase (a decided one stays as it is), in the caller's transaction. */
    private Uni<Settled> settle(String developerId, long purchaseId, boolean paid) {
        // Under the developer's lock, like begin(): the purchase is read after it, so its state is current.
        return developers.lock(developerId).chain(developer -> TierPurchase.<TierPurchase>findById(purchaseId)
                .map(purchase -> {
                    if (purchase.state() == TierPurchaseState.PENDING) {
                        OffsetDateTime now = now();
                        purchase.moveTo(paid ? TierPurchaseState.COMPLETED : TierPurchaseState.REFUSED);
                        purchase.completedAt = now;
                        // A higher tier granted while this purchase waited for the wallet stays (never lowered by it).
                        if (paid && developer.effectiveTier(now).compareTo(Tier.parse(purchase.tier).orElseThrow()) <= 0) {
                            developer.tier = purchase.tier;
                            developer.tierExpiresAt = now.plus(config.tierValidity());
                            developer.tierGrantedBy = null;
                            developer.updatedAt = now;
                        }
                    }
                    return new Settled(developer, purchase);
                }));
    }

    /**
     * Every minute: purchases pending longer than {@code earnings.tier-redrive-after} (their debit's
     * answer was lost, and nobody retried), re-driven (see {@link #redrive(Duration)}).
     */
    @Scheduled(every = "${earnings.tier-redrive-every:60s}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> redrivePending() {
        return redrive(config.tierRedriveAfter()).replaceWithVoid();
    }

    /**
     * Sends each purchase pending longer than {@code olderThan} (and not longer than
     * {@code earnings.tier-redrive-within}: older ones wait for their developer's retry, as does one
     * whose tier, or a higher one, an admin granted meanwhile) to the wallet again, as its first
     * attempt sent it (its suite id, amount, reason and time: the wallet debits at most once and
     * answers a debit it made, however long ago, from its ledger), and records the answer: completed
     * when debited, refused on 402 (nothing moved); any other answer leaves it pending for the next
     * run. A purchase from before tier fees had suite ids is left to its developer's retry (the wallet
     * no longer tells whether it debited it). Any number of replicas may run it at once: the debit
     * is idempotent and the answer is recorded under the developer's lock, once. Returns how many
     * purchases it decided.
     */
    public Uni<Integer> redrive(Duration olderThan) {
        OffsetDateTime before = now().minus(olderThan);
        OffsetDateTime since = now().minus(config.tierRedriveWithin());
        return Panache.withSession(() -> TierPurchase.<TierPurchase>find(
                        "status = ?1 and createdAt < ?2 and createdAt >= ?3 order by createdAt",
                        TierPurchaseState.PENDING.wire(), before, since).list())
                .chain(pending -> Multi.createFrom().iterable(pending)
                        .filter(purchase -> SuiteIds.isTierFee(purchase.eventId))
                        .onItem().transformToUniAndConcatenate(this::redrive)
                        .collect().asList())
                .map(decided -> (int) decided.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> redrive(TierPurchase purchase) {
        Tier tier = Tier.parse(purchase.tier).orElseThrow();
        return Panache.withSession(() -> Developer.<Developer>findById(purchase.developerId)).chain(developer -> {
            if (developer != null && developer.effectiveTier(now()).compareTo(tier) >= 0) {
                // An admin granted this tier or a higher one meanwhile: nobody asks for the fee now (begin() would
                // refuse the purchase today). Left to the developer's own retry; never debited by the suite alone.
                LOG.infof("tier purchase %d of %s not re-driven: tier %s is in force", purchase.purchaseId,
                        purchase.developerId, developer.effectiveTier(now()).id());
                return Uni.createFrom().item(false);
            }
            return debitAgain(purchase, tier);
        });
    }

    private Uni<Boolean> debitAgain(TierPurchase purchase, Tier tier) {
        return debit(purchase)
                .replaceWith(true)
                .onFailure(InsufficientBalanceException.class).recoverWithItem(false)
                .chain(paid -> Panache.withTransaction(() -> settle(purchase.developerId, purchase.purchaseId, paid))
                        .invoke(settled -> count(tier, paid ? "completed" : "refused"))
                        .invoke(settled -> LOG.infof("tier purchase %d of %s re-driven: %s", purchase.purchaseId,
                                purchase.developerId, settled.purchase().state().wire()))
                        .replaceWith(true))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("tier purchase %d of %s stays pending: %s", purchase.purchaseId, purchase.developerId, failure.toString());
                    redriveFailures.increment();
                    return false;
                });
    }

    private static ApiException insufficient(TierPurchase purchase) {
        return new ApiException(ErrorCode.INSUFFICIENT_BALANCE, "The wallet " + purchase.developerId
                + " holds less than the " + purchase.amount + " tokens tier " + purchase.tier + " costs; the tier is unchanged.");
    }

    /** Business counter: tier purchase requests by outcome (a retry that finds the debit done counts as completed). */
    private void count(Tier tier, String outcome) {
        metrics.counter("earnings.tier.purchases", "tier", tier.id(), "outcome", outcome).increment();
    }

    private TierView view(Developer developer) {
        Tier tier = developer.effectiveTier(now());
        return new TierView(developer.developerId, tier.id(), tier.splitDev(config),
                tier == Tier.EXPLORER ? null : developer.tierExpiresAt);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
