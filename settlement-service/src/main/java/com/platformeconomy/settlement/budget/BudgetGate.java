package com.platformeconomy.settlement.budget;

import com.platformeconomy.settlement.config.SettlementConfig;
import com.platformeconomy.settlement.config.SettlementLimits;
import com.platformeconomy.settlement.settings.ComputeSettingsService;
import com.platformeconomy.settlement.settings.NodeComputeSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The budget gate: may a node pay for an API call for someone else's task? No if metered use for
 * hive is off, if its policy is local_only, if it is a central node, or if today's (UTC) hive/idle
 * spend plus the estimate would pass its daily cap. Every allowed hive/idle answer carries an
 * {@code authorization_id}: a usage record is payable only if it names one (SPEC §10), and is paid
 * at most the estimate authorized. A hive/idle estimate worth less than one spark is refused as bad
 * input (400): §2's one-spark minimum would pay its record more than was authorized.
 *
 * <p>Concurrent requests cannot together pass the cap: the node's settings row is locked FOR
 * UPDATE for the decision, and an allowed request under a cap inserts a reservation of its
 * estimate in the same transaction, which the next decision counts. A reservation stops counting
 * when the usage record naming its {@code authorization_id} is recorded (the record's actual cost
 * then counts instead) or when {@code settlement.reservation-ttl} has passed without one.
 */
@ApplicationScoped
public class BudgetGate {

    /**
     * What the gate holds for a node on a day (SQL, {@code :nodeId}, {@code :day}): the estimates of its
     * authorizations that no record has used yet and whose reservation has not run out.
     */
    public static final String HELD_ON_DAY = """
            (SELECT COALESCE(SUM(estimated_usd), 0) FROM budget_reservation
             WHERE node_id = :nodeId AND spend_day = :day AND consumed_by IS NULL AND expires_at > now())""";

    private static final String SPENT_TODAY = """
            SELECT COALESCE((SELECT usd FROM node_daily_spend WHERE node_id = :nodeId AND spend_day = :day), 0)
                 + """ + HELD_ON_DAY;

    private static final String RESERVE = """
            INSERT INTO budget_reservation (authorization_id, node_id, spend_day, estimated_usd, expires_at)
            VALUES (:id, :nodeId, :day, :estimate, :expiresAt)""";

    private final ComputeSettingsService settings;
    private final SettlementConfig config;
    private final MeterRegistry registry;

    public BudgetGate(ComputeSettingsService settings, SettlementConfig config, MeterRegistry registry) {
        this.settings = settings;
        this.config = config;
        this.registry = registry;
    }

    @WithTransaction
    public Uni<Authorization> authorize(SecurityIdentity caller, AuthorizeRequest request) {
        if (request.estimatedUsd().compareTo(config.maxUsageUsd()) > 0) {
            // The record of such a call would be refused, so it is never authorized.
            return Uni.createFrom().failure(SettlementLimits.costTooLarge("estimated_usd", config));
        }
        if (!"own".equals(request.taskSource()) && !SettlementLimits.worthASpark(request.estimatedUsd(), config.sparkPerUsd())) {
            // Its record could be paid nothing (SPEC §10 caps pay at what was authorized), yet §2's
            // one-spark minimum would pay it a whole spark: never authorized, nothing reserved.
            return Uni.createFrom().failure(SettlementLimits.estimateWorthNoSpark(config));
        }
        return settings.lockedForGate(caller, request.nodeId())
                .chain(node -> decide(node, request))
                .invoke(answer -> registry.counter("settlement.budget.authorizations",
                        "allowed", Boolean.toString(answer.allowed()), "reason", answer.reason()).increment());
    }

    private Uni<Authorization> decide(NodeComputeSettings node, AuthorizeRequest request) {
        if ("local_only".equals(node.computePolicy)) {
            return refuse("compute_policy_local_only");
        }
        if ("own".equals(request.taskSource())) {
            // The cap and the hive switch govern spending for others; a node's own calls are its own business.
            return Uni.createFrom().item(new Authorization(true, "own_task", null, null));
        }
        if (!node.allowMeteredForHive) {
            return refuse("metered_for_hive_disabled");
        }
        if ("local_only".equals(node.hiveComputePolicy)) {
            return refuse("hive_compute_policy_local_only");
        }
        if (node.isCentral()) {
            return refuse("central_tier");
        }
        BigDecimal cap = node.meteredDailyLimitUsd;
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        LocalDate day = now.toLocalDate();
        if (cap.signum() == 0) {
            // No cap, but still an authorization: its estimate bounds what the call's record is paid.
            return reserve(node, request, day, now).map(id -> new Authorization(true, "no_daily_limit", null, id));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(SPENT_TODAY, BigDecimal.class)
                .setParameter("nodeId", node.nodeId)
                .setParameter("day", day)
                .getSingleResult()
                .chain(spent -> {
                    BigDecimal after = spent.add(request.estimatedUsd());
                    if (after.compareTo(cap) > 0) {
                        return refuse("daily_limit_reached", cap.subtract(spent).max(BigDecimal.ZERO));
                    }
                    return reserve(node, request, day, now).map(id -> new Authorization(true, "within_daily_limit",
                            cap.subtract(after).stripTrailingZeros(), id));
                }));
    }

    private Uni<UUID> reserve(NodeComputeSettings node, AuthorizeRequest request, LocalDate day, OffsetDateTime now) {
        UUID id = UUID.randomUUID();
        return Panache.getSession().chain(session -> session.createNativeQuery(RESERVE)
                .setParameter("id", id)
                .setParameter("nodeId", node.nodeId)
                .setParameter("day", day)
                .setParameter("estimate", request.estimatedUsd())
                .setParameter("expiresAt", now.plus(config.reservationTtl()))
                .executeUpdate()).replaceWith(id);
    }

    private static Uni<Authorization> refuse(String reason) {
        return refuse(reason, null);
    }

    private static Uni<Authorization> refuse(String reason, BigDecimal remaining) {
        return Uni.createFrom().item(Authorization.refused(reason,
                remaining == null ? null : remaining.stripTrailingZeros()));
    }
}
