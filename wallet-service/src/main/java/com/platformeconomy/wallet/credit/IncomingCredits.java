package com.platformeconomy.wallet.credit;

import com.platformeconomy.platform.consumer.EventConsumer;
import com.platformeconomy.platform.consumer.Retry;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.RevenueDistributed;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.wallet.balance.Accounts;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.parking.ParkedEvents;
import com.platformeconomy.contracts.event.SuiteIds;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Credits that other services decide (SPEC §3): settlement awards to node operators from the
 * treasury, and revenue distributions from the platform's revenue account. Each is applied once:
 * the ledger is the permanent record of what was applied (compared movement by movement, not just
 * by id), and the transfer script's event record covers the seconds until the ledger has it. An
 * event that cannot be applied (malformed, or its id held by another movement) is parked with its
 * reason; an outage of Redis or PostgreSQL is waited out, never skipped, so no award is lost.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class IncomingCredits {

    private final WalletService wallets;
    private final WalletConfig config;
    private final TokenLedger ledger;
    private final MeterRegistry metrics;
    private final EventConsumer<Credit> awards;
    private final EventConsumer<Credit> distributions;

    public IncomingCredits(WalletService wallets, WalletConfig config, TokenLedger ledger, MeterRegistry metrics, ParkedEvents parked) {
        this.wallets = wallets;
        this.config = config;
        this.ledger = ledger;
        this.metrics = metrics;
        // Credits are money: an outage of Redis or PostgreSQL is waited out, never skipped.
        this.awards = EventConsumer.of(ParkedEvents.SETTLEMENT_AWARDS, payload -> read(Topics.SETTLEMENT_AWARDED,
                SettlementAwarded.TYPE, payload, this::award), parked, Retry.UNTIL_APPLIED, metrics);
        this.distributions = EventConsumer.of(ParkedEvents.REVENUE_DISTRIBUTIONS, payload -> read(Topics.REVENUE_DISTRIBUTIONS,
                RevenueDistributed.TYPE, payload, this::distribution), parked, Retry.UNTIL_APPLIED, metrics);
    }

    /**
     * A credit another service decided: to whom, how much, from which account, and why. Its wallet
     * event id is a suite id ({@link SuiteIds}), so no caller can have used it first.
     */
    record Credit(String eventId, String account, long amount, String from, String category, String reason) {
    }

    @Incoming("settlement-awards")
    public Uni<Void> settlementAwarded(String message) {
        return awards.one(message, credit -> apply(awards, credit, message));
    }

    @Incoming("revenue-distributions")
    public Uni<Void> revenueDistributed(String message) {
        return distributions.one(message, credit -> apply(distributions, credit, message));
    }

    /** Applies (again) a credit event of {@code source}; what {@code GET /v1/admin/parked}'s replay calls. */
    public Uni<Void> replay(String source, String message) {
        return switch (source) {
            case ParkedEvents.SETTLEMENT_AWARDS -> settlementAwarded(message);
            case ParkedEvents.REVENUE_DISTRIBUTIONS -> revenueDistributed(message);
            default -> throw new IllegalArgumentException("not a credit source: " + source);
        };
    }

    private Credit award(CloudEvent<JsonNode> event) {
        SettlementAwarded award = EventCodec.data(event, SettlementAwarded.class).requireNodeOperator();
        return new Credit(SuiteIds.settlementAward(event.id()), award.operatorId(), award.tokens(), config.treasuryAccount(),
                "settlement_award", "settlement batch " + award.batchId());
    }

    private Credit distribution(CloudEvent<JsonNode> event) {
        RevenueDistributed part = EventCodec.data(event, RevenueDistributed.class);
        // A pool's recipient: an owner or the central account, never escrow (tokens there no hold's legs
        // account for), the treasury (revenue paid back into what the platform owes) or the revenue itself.
        String account = part.account();
        if (account != null && (account.equals(Accounts.ESCROW) || account.equals(config.treasuryAccount())
                || account.equals(config.revenueAccount()))) {
            throw new MalformedEventException("a revenue distribution never pays " + account);
        }
        return new Credit(SuiteIds.distributionCredit(event.id()),
                part.account(), part.amount(), config.revenueAccount(),
                "revenue_distribution", part.pool() + " pool " + part.periodStart() + ".." + part.periodEnd());
    }

    /**
     * The credit an event of {@code topic} asks for. Only the topic's owner decides these credits
     * (SPEC §10): whoever else got an event onto the topic, it is refused and parked, never applied.
     */
    private Credit read(String topic, String expectedType, String message, Function<CloudEvent<JsonNode>, Credit> read) {
        CloudEvent<JsonNode> event = EventCodec.decodeFrom(topic, message);
        if (!expectedType.equals(event.type())) {
            throw new MalformedEventException("an event of type " + event.type() + " on a " + expectedType + " topic");
        }
        Credit credit = read.apply(event);
        // The credit's id is the event's in the topic's namespace (SuiteIds): longer than the event's, so bounded again
        // here, before anything moves, as the ledger's and parking's indexes must hold it.
        if (credit.eventId().length() > EventCodec.MAX_ID_LENGTH) {
            throw new MalformedEventException("a credit id of " + credit.eventId().length() + " characters; at most "
                    + EventCodec.MAX_ID_LENGTH);
        }
        try {
            Accounts.require(credit.account());
            wallets.requireAmount(credit.amount());
        } catch (ApiException invalid) {
            throw new MalformedEventException("malformed credit event: " + invalid.getMessage());
        }
        return credit;
    }

    private Uni<Void> apply(EventConsumer<Credit> consumer, Credit credit, String message) {
        return ledger.receivingSide(credit.eventId())
                .chain(booked -> {
                    if (booked == null) {
                        return transfer(consumer, credit, message);
                    }
                    if (booked.account().equals(credit.account()) && booked.amount() == credit.amount()
                            && booked.counterAccount().equals(credit.from())) {
                        return Uni.createFrom().voidItem();
                    }
                    return consumer.park(credit.eventId(), message, "the ledger holds " + credit.eventId()
                            + " for another movement: " + booked.amount() + " from " + booked.counterAccount()
                            + " to " + booked.account());
                });
    }

    private Uni<Void> transfer(EventConsumer<Credit> consumer, Credit credit, String message) {
        return wallets.transfer(TokensTransferred.CREDIT, credit.from(), credit.account(), credit.amount(),
                        credit.category(), credit.reason(), credit.eventId(), credit.account())
                .invoke(t -> metrics.counter("wallet.incoming.credits", "category", credit.category()).increment())
                .replaceWithVoid()
                .onFailure(failure -> !Retry.mayPass(failure)).recoverWithUni(refused -> {
                    // The event id was used for another movement, or a balance limit: never apply it, park it.
                    // A transient refusal (Redis away, a write not yet replicated) is retried by the consumer instead.
                    metrics.counter("wallet.incoming.credits.refused", "category", credit.category()).increment();
                    return consumer.park(credit.eventId(), message, refused.getMessage());
                });
    }
}
