package com.platformeconomy.wallet.credit;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.event.RevenueDistributed;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.wallet.balance.Accounts;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.config.WalletConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Credits that other services decide (SPEC §3): settlement awards to node operators from the
 * treasury, and revenue distributions from the platform's revenue account. Each is applied once:
 * the ledger is the permanent record of what was applied, and the transfer script's event record
 * covers the seconds until the ledger has it. A malformed event is logged and skipped; an outage
 * of Redis is waited out, never skipped, so no award is lost.
 */
@ApplicationScoped
public class IncomingCredits {

    private static final Logger LOG = Logger.getLogger(IncomingCredits.class);

    private final WalletService wallets;
    private final WalletConfig config;
    private final Pool pool;
    private final MeterRegistry metrics;

    public IncomingCredits(WalletService wallets, WalletConfig config, Pool pool, MeterRegistry metrics) {
        this.wallets = wallets;
        this.config = config;
        this.pool = pool;
        this.metrics = metrics;
    }

    /** A credit another service decided: to whom, how much, from which account, and why. */
    record Credit(String eventId, String account, long amount, String from, String category, String reason) {
    }

    @Incoming("settlement-awards")
    public Uni<Void> settlementAwarded(String message) {
        return apply(message, SettlementAwarded.TYPE, event -> {
            SettlementAwarded award = EventCodec.data(event, SettlementAwarded.class);
            return new Credit(event.id(), award.operatorId(), award.tokens(), config.treasuryAccount(),
                    "settlement_award", "settlement batch " + award.batchId());
        });
    }

    @Incoming("revenue-distributions")
    public Uni<Void> revenueDistributed(String message) {
        return apply(message, RevenueDistributed.TYPE, event -> {
            RevenueDistributed part = EventCodec.data(event, RevenueDistributed.class);
            return new Credit(event.id(), part.account(), part.amount(), config.revenueAccount(),
                    "revenue_distribution", part.pool() + " pool " + part.periodStart() + ".." + part.periodEnd());
        });
    }

    private Uni<Void> apply(String message, String expectedType, java.util.function.Function<CloudEvent<JsonNode>, Credit> read) {
        Credit credit;
        try {
            CloudEvent<JsonNode> event = EventCodec.decode(message);
            if (!expectedType.equals(event.type())) {
                return skip("an event of type " + event.type(), null);
            }
            credit = read.apply(event);
            Accounts.require(credit.account());
            wallets.requireAmount(credit.amount());
        } catch (MalformedEventException | ApiException invalid) {
            return skip("a malformed credit event", invalid);
        }
        return alreadyInLedger(credit.eventId())
                .chain(applied -> applied ? Uni.createFrom().voidItem() : transfer(credit))
                // Redis or PostgreSQL away: wait and try again rather than lose the credit.
                .onFailure(e -> !(e instanceof ApiException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely();
    }

    private Uni<Void> transfer(Credit credit) {
        return wallets.transfer(TokensTransferred.CREDIT, credit.from(), credit.account(), credit.amount(),
                        credit.category(), credit.reason(), credit.eventId(), credit.account())
                .invoke(t -> metrics.counter("wallet.incoming.credits", "category", credit.category()).increment())
                .replaceWithVoid()
                .onFailure(ApiException.class).recoverWithUni(refused -> {
                    // The event id was used for something else: never apply it, and make it loud.
                    LOG.errorf("credit %s was refused: %s", credit.eventId(), refused.getMessage());
                    metrics.counter("wallet.incoming.credits.refused", "category", credit.category()).increment();
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Boolean> alreadyInLedger(String eventId) {
        return pool.preparedQuery("SELECT 1 FROM token_ledger WHERE event_id = $1 LIMIT 1")
                .execute(Tuple.of(eventId))
                .map(rows -> rows.size() > 0);
    }

    private Uni<Void> skip(String what, Exception why) {
        LOG.warnf("skipping %s: %s", what, why == null ? "not a credit" : why.getMessage());
        metrics.counter("wallet.incoming.credits.skipped").increment();
        return Uni.createFrom().voidItem();
    }
}
