package com.platformeconomy.earnings.developer;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.earnings.config.EarningsConfig;
import com.platformeconomy.earnings.wallet.InsufficientBalanceException;
import com.platformeconomy.earnings.wallet.WalletClient;
import com.platformeconomy.earnings.wallet.WalletRefusedException;
import com.platformeconomy.earnings.wallet.WalletUnavailableException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Tiers: explorer at first use; indie and studio bought with tokens from the developer's wallet;
 * partner (or any tier) set by an admin. A purchase is three steps — persist the purchase with its
 * event id, debit the wallet with that id, record the outcome — so a retry after any failure
 * reuses the id and the wallet debits once.
 */
@ApplicationScoped
public class TierService {

    private final EarningsConfig config;
    private final DeveloperService developers;
    private final WalletClient wallet;
    private final MeterRegistry metrics;

    public TierService(EarningsConfig config, DeveloperService developers, WalletClient wallet, MeterRegistry metrics) {
        this.config = config;
        this.developers = developers;
        this.wallet = wallet;
        this.metrics = metrics;
    }

    @WithTransaction
    public Uni<TierView> current(String developerId) {
        return developers.findOrCreate(developerId).map(this::view);
    }

    /** The developer's current split: what an app approved now gets. Runs in the caller's transaction. */
    public Uni<Integer> currentSplit(String developerId) {
        return developers.findOrCreate(developerId)
                .map(d -> d.effectiveTier(now()).splitDev(config));
    }

    /** A developer buys indie or studio: debits the annual cost, then the tier holds for a year. */
    public Uni<TierView> buy(String developerId, Tier tier) {
        if (!tier.purchasable()) {
            return Uni.createFrom().failure(tier == Tier.PARTNER
                    ? ApiException.forbidden("The partner tier is set by an admin.")
                    : ApiException.badRequest("tier_not_purchasable", "The explorer tier is automatic; it cannot be bought."));
        }
        return begin(developerId, tier).chain(started -> {
            if (started.done() != null) {
                return Uni.createFrom().item(started.done());
            }
            TierPurchase purchase = started.purchase();
            return wallet.debit(developerId, purchase.eventId, purchase.amount, "tier_fee",
                            "tier " + tier.id() + " for a year", purchase.createdAt.toInstant())
                    .onFailure(InsufficientBalanceException.class).call(() -> finish(developerId, purchase.purchaseId, false))
                    .onFailure(InsufficientBalanceException.class).transform(e -> ApiException.paymentRequired(
                            "insufficient_balance", "The wallet " + developerId + " holds less than the "
                                    + purchase.amount + " tokens tier " + tier.id() + " costs; the tier is unchanged."))
                    .onFailure(WalletRefusedException.class).call(() -> finish(developerId, purchase.purchaseId, false))
                    .onFailure(WalletRefusedException.class).transform(e -> new ApiException(502, "wallet_refused",
                            "wallet-service refused the tier fee (" + ((WalletRefusedException) e).status() + "); the tier is unchanged."))
                    .onFailure(e -> e instanceof WalletUnavailableException || e instanceof CircuitBreakerOpenException)
                    .transform(e -> new ApiException(503, "wallet_unavailable",
                            "wallet-service could not be reached; retry: the purchase keeps its event id and is charged once."))
                    .onFailure().invoke(e -> count(tier, e instanceof ApiException api && api.status() == 402 ? "refused" : "failed"))
                    .chain(balance -> finish(developerId, purchase.purchaseId, true))
                    .invoke(() -> count(tier, "completed"))
                    .map(this::view);
        });
    }

    /** An admin sets any tier (partner only this way), without a debit; it holds for a year. */
    @WithTransaction
    public Uni<TierView> grant(String developerId, Tier tier) {
        return developers.findOrCreate(developerId).map(developer -> {
            OffsetDateTime now = now();
            developer.tier = tier.id();
            developer.tierExpiresAt = tier == Tier.EXPLORER ? null : now.plus(config.tierValidity());
            developer.updatedAt = now;
            return view(developer);
        });
    }

    private record Started(TierView done, TierPurchase purchase) {
    }

    /** Either the tier is already in force (nothing to buy) or the purchase in flight, new or reused. */
    @WithTransaction
    Uni<Started> begin(String developerId, Tier tier) {
        return developers.lock(developerId)
                .chain(developer -> {
                    if (developer.effectiveTier(now()) == tier) {
                        return Uni.createFrom().item(new Started(view(developer), null));
                    }
                    return TierPurchase.<TierPurchase>find("developerId = ?1 and status = 'pending'", developerId)
                            .firstResult()
                            .chain(pending -> {
                                if (pending != null && pending.tier.equals(tier.id())) {
                                    return Uni.createFrom().item(new Started(null, pending));
                                }
                                if (pending != null) {
                                    return Uni.createFrom().failure(ApiException.conflict("purchase_in_progress",
                                            "A purchase of tier " + pending.tier + " is in progress; retry it first."));
                                }
                                TierPurchase purchase = new TierPurchase();
                                purchase.developerId = developerId;
                                purchase.tier = tier.id();
                                purchase.amount = tier.annualCost(config);
                                purchase.eventId = EventIds.uuidV7();
                                purchase.status = "pending";
                                purchase.createdAt = now();
                                return purchase.<TierPurchase>persistAndFlush().map(p -> new Started(null, p));
                            });
                });
    }

    /** Records the wallet's answer; a completed purchase starts a year of the tier. */
    @WithTransaction
    Uni<Developer> finish(String developerId, long purchaseId, boolean paid) {
        // Under the developer's lock, like begin(): the purchase is read after it, so its state is current.
        return developers.lock(developerId).chain(developer -> TierPurchase.<TierPurchase>findById(purchaseId)
                .map(purchase -> {
                    if ("pending".equals(purchase.status)) {
                        OffsetDateTime now = now();
                        purchase.status = paid ? "completed" : "refused";
                        purchase.completedAt = now;
                        if (paid) {
                            developer.tier = purchase.tier;
                            developer.tierExpiresAt = now.plus(config.tierValidity());
                            developer.updatedAt = now;
                        }
                    }
                    return developer;
                }));
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
