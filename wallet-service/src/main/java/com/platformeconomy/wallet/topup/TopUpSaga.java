package com.platformeconomy.wallet.topup;

import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.idempotency.EventWindow;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import com.platformeconomy.wallet.topup.TopUp.State;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The top-up saga (SPEC §3): capture the payment, then credit the wallet; if the credit cannot be
 * made, void the credit's event id in Redis (so it can never land later) and refund the payment.
 * Each step is idempotent — the gateway on the top-up id, the credit on its event id — and each
 * outcome is written before the next step starts, so {@link #recover} can finish or compensate
 * any saga a crash left behind, however often it runs and on however many replicas.
 */
@ApplicationScoped
public class TopUpSaga {

    private static final Logger LOG = Logger.getLogger(TopUpSaga.class);

    private final PaymentGateway gateway;
    private final WalletService wallets;
    private final LuaScripts scripts;
    private final EventWindow window;
    private final SagaFaults faults;

    public TopUpSaga(PaymentGateway gateway, WalletService wallets, LuaScripts scripts, EventWindow window, SagaFaults faults) {
        this.gateway = gateway;
        this.wallets = wallets;
        this.scripts = scripts;
        this.window = window;
        this.faults = faults;
    }

    /** Starts a top-up (or returns the one with this id) and runs it as far as it goes now. */
    public Uni<TopUp> start(String topupId, String account, long amountTokens) {
        wallets.requireAmount(amountTokens);
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(topupId).chain(existing -> {
            if (existing != null) {
                if (!existing.account.equals(account) || existing.amountTokens != amountTokens) {
                    throw ApiException.conflict("topup_id_reused", "topup_id " + topupId + " belongs to another top-up.");
                }
                return Uni.createFrom().item(existing);
            }
            TopUp topUp = new TopUp();
            topUp.topupId = topupId;
            topUp.account = account;
            topUp.amountTokens = amountTokens;
            topUp.state = State.requested;
            topUp.createdAt = now();
            topUp.updatedAt = topUp.createdAt;
            return topUp.<TopUp>persist();
        })).chain(this::advance);
    }

    public Uni<TopUp> find(String topupId) {
        return Panache.withSession(() -> TopUp.<TopUp>findById(topupId));
    }

    /** Runs the saga from the step it is at until it finishes or a step fails; a failed step is left for {@link #recover}. */
    Uni<TopUp> advance(TopUp topUp) {
        if (topUp.finished()) {
            return Uni.createFrom().item(topUp);
        }
        Uni<TopUp> step = switch (topUp.state) {
            case requested -> gateway.capture(topUp.topupId, topUp.account, topUp.amountTokens)
                    .chain(reference -> record(topUp.topupId, State.captured, reference, null))
                    // Only a decline is final; after any other failure the payment may have been
                    // taken, so the saga stays 'requested' and asks the gateway again later.
                    .onFailure(PaymentGateway.PaymentDeclined.class)
                    .recoverWithUni(e -> record(topUp.topupId, State.failed, null, "declined: " + e.getMessage()));
            case captured -> credit(topUp)
                    .chain(() -> record(topUp.topupId, State.credited, null, null))
                    .onFailure(e -> !isDatabase(e))
                    .recoverWithUni(e -> record(topUp.topupId, State.compensating, null, "credit failed: " + e.getMessage()));
            case compensating -> compensate(topUp);
            default -> Uni.createFrom().item(topUp);
        };
        return step.chain(next -> next.state == topUp.state ? Uni.createFrom().item(next) : advance(next));
    }

    private Uni<Void> credit(TopUp topUp) {
        return Uni.createFrom().voidItem()
                .invoke(() -> faults.trip(SagaFaults.Point.CREDIT))
                .chain(() -> wallets.credit(topUp.account, creditEventId(topUp.topupId), topUp.amountTokens, "top-up"))
                .replaceWithVoid();
    }

    /** Voids the credit's event id, then refunds — unless the credit had landed after all, in which case the saga is done. */
    private Uni<TopUp> compensate(TopUp topUp) {
        return scripts.run(Script.VOID, List.of(Keys.event(creditEventId(topUp.topupId))),
                        List.of(Long.toString(window.recordTtlSeconds())))
                .chain(reply -> "applied".equals(reply.get(0).toString())
                        ? record(topUp.topupId, State.credited, null, null)
                        : gateway.refund(topUp.topupId).chain(() -> record(topUp.topupId, State.refunded, null, null)));
    }

    /**
     * Finishes or compensates every saga left unfinished: a few seconds after start-up, then every few seconds.
     * Sagas younger than a few seconds are left to the request still running them.
     */
    @Scheduled(every = "${wallet.topup.recovery-interval:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recover() {
        return recover(Duration.ofSeconds(5));
    }

    /** Finishes or compensates every unfinished saga last touched more than {@code minAge} ago. */
    public Uni<Void> recover(Duration minAge) {
        return Panache.withSession(() -> TopUp.<TopUp>find(
                        "state in ?1 and updatedAt < ?2 order by updatedAt",
                        List.of(State.requested, State.captured, State.compensating), now().minus(minAge))
                .page(0, 200).list())
                .onItem().transformToMulti(Multi.createFrom()::iterable)
                .onItem().transformToUniAndConcatenate(topUp -> advance(topUp)
                        .onFailure().invoke(e -> LOG.warnf("top-up %s stays at %s for now: %s", topUp.topupId, topUp.state, e.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last().replaceWithVoid();
    }

    private Uni<TopUp> record(String topupId, State state, String paymentRef, String failure) {
        return Panache.withTransaction(() -> TopUp.<TopUp>findById(topupId).invoke(topUp -> {
            topUp.state = state;
            if (paymentRef != null) {
                topUp.paymentRef = paymentRef;
            }
            topUp.failure = failure;
            topUp.updatedAt = now();
        }));
    }

    static String creditEventId(String topupId) {
        return SuiteIds.topUpCredit(topupId);
    }

    private static boolean isDatabase(Throwable failure) {
        return failure.getClass().getName().startsWith("io.vertx.pgclient") || failure.getClass().getName().startsWith("org.hibernate");
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
