package com.platformeconomy.settlement.usage;

import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MeteredUsageReported;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.parking.ParkingLot;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.settlement.budget.BudgetGate;
import com.platformeconomy.settlement.config.SettlementConfig;
import com.platformeconomy.settlement.config.SettlementLimits;
import com.platformeconomy.settlement.settings.ComputeSettingsService;
import com.platformeconomy.settlement.settings.NodeComputeSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Records metered usage, once per node and usage id (a usage id is the node's own), whoever sends
 * it and however often, and decides there and then whether a hive/idle record is payable (SPEC §10
 * "Metered usage is paid only when it was allowed"). A record is payable only if its node is
 * registered and the record's operator owns it, the operator id is one the wallet can credit, the
 * node is not central tier, neither policy is local_only, metered use for hive is on, and it names
 * an unused authorization of that node from the budget gate (however late the record arrives). It is
 * paid at most the authorized estimate, and at most what is left of the node's daily cap of payable
 * USD (for a late record, less what the gate still holds today for calls it authorized since). Anything
 * else is still recorded, {@code not_payable} with its reason, and never paid. The node's settings
 * row is locked for the decision so that concurrent records of one node cannot together pass its
 * cap.
 */
@ApplicationScoped
public class MeteredUsageService {

    /** The outcome of recording: the stored record, and whether this call created it. */
    public record Recorded(MeteredUsage usage, boolean created) {
    }

    /** What a new record is: its operator, status, payable amount, and why not when it is not. */
    record Assessment(String operatorId, SettlementStatus status, BigDecimal payableUsd, String reason, boolean consumesAuthorization) {
        static Assessment notPayable(String operatorId, String reason, boolean consumes) {
            return new Assessment(operatorId, SettlementStatus.NOT_PAYABLE, null, reason, consumes);
        }
    }

    private static final String INSERT = """
            INSERT INTO metered_usage (usage_id, node_id, operator_id, model_id, task_source, tokens_in, tokens_out,
                                       actual_usd_cost, authorization_id, settlement_status, payable_usd, not_payable_reason,
                                       reporter_known)
            VALUES (:usageId, :nodeId, :operatorId, :modelId, :taskSource, :tokensIn, :tokensOut,
                    :cost, :authorizationId, :status, :payable, :reason, :reporterKnown)
            ON CONFLICT (node_id, usage_id) DO NOTHING""";

    /*
     * A record nothing vouches for gives way to one that names an unused authorization of its node
     * (which only the node's owner gets): removed here, still as it was read, and parked by the
     * caller. Nothing of it counted: a hive/idle one not payable, or one of the node's own calls
     * (never settled); no authorization consumed, no spend added.
     */
    private static final String GIVE_WAY = """
            DELETE FROM metered_usage m
            WHERE m.node_id = :nodeId AND m.usage_id = :usageId AND NOT m.reporter_known
              AND (m.settlement_status = 'not_payable' OR m.task_source = 'own')
              AND NOT EXISTS (SELECT 1 FROM budget_reservation r
                              WHERE r.authorization_id = m.authorization_id AND r.node_id = m.node_id AND r.consumed_by = m.usage_id)""";

    private static final String RESERVATION = """
            SELECT node_id, estimated_usd, consumed_by,
                   expires_at > now() AND spend_day = CAST(timezone('UTC', now()) AS DATE) AS held_today
            FROM budget_reservation WHERE authorization_id = :authorizationId FOR UPDATE""";

    // The actual cost now counts against the node's day; the estimate reserved for it stops counting.
    private static final String CONSUME_RESERVATION = """
            UPDATE budget_reservation SET consumed_by = :usageId
            WHERE authorization_id = :authorizationId AND node_id = :nodeId AND consumed_by IS NULL""";

    // now() is the transaction's start, the same instant as the record's recorded_at.
    private static final String ADD_DAILY_SPEND = """
            INSERT INTO node_daily_spend (node_id, spend_day, usd)
            VALUES (:nodeId, CAST(timezone('UTC', now()) AS DATE), :cost)
            ON CONFLICT (node_id, spend_day) DO UPDATE SET usd = node_daily_spend.usd + EXCLUDED.usd""";

    private static final String PAYABLE_TODAY = """
            SELECT COALESCE((SELECT usd FROM node_daily_payable
                             WHERE node_id = :nodeId AND spend_day = CAST(timezone('UTC', now()) AS DATE)), 0)""";

    /*
     * A late record's day (its reservation no longer held by the gate today): what is payable today and
     * what the gate still holds for calls it authorized since, so that the late record never takes room
     * promised to them.
     */
    private static final String PAYABLE_AND_HELD_TODAY = PAYABLE_TODAY + "\n     + "
            + BudgetGate.HELD_ON_DAY.replace(":day", "CAST(timezone('UTC', now()) AS DATE)");

    private static final String ADD_DAILY_PAYABLE = """
            INSERT INTO node_daily_payable (node_id, spend_day, usd)
            VALUES (:nodeId, CAST(timezone('UTC', now()) AS DATE), :usd)
            ON CONFLICT (node_id, spend_day) DO UPDATE SET usd = node_daily_payable.usd + EXCLUDED.usd""";

    private final SettlementConfig config;
    private final MeterRegistry registry;
    private final ParkingLot parking;

    public MeteredUsageService(SettlementConfig config, MeterRegistry registry, ParkingLot parking) {
        this.config = config;
        this.registry = registry;
        this.parking = parking;
    }

    /**
     * Records a usage from metered.usage: the assessment alone decides payability, and the record is
     * not verified as the owner's (the node agents share one Kafka credential).
     */
    public Uni<Recorded> record(UsageRecordRequest request) {
        return record(request, null, false);
    }

    /**
     * Records a usage reported over REST by an authenticated caller: with {@code reporter} (an
     * operator's own call) the node must be registered to that operator (404 / 403), so an operator
     * reports only its own nodes; without one (an admin or a service) any node.
     */
    public Uni<Recorded> report(UsageRecordRequest request, String reporter) {
        return record(request, reporter, true);
    }

    /** {@code verified}: the caller is known (a REST caller), so its hive/idle cost counts toward the node's spend. */
    @WithTransaction
    Uni<Recorded> record(UsageRecordRequest request, String reporter, boolean verified) {
        if (request.actualUsdCost().compareTo(config.maxUsageUsd()) > 0) {
            return Uni.createFrom().failure(SettlementLimits.costTooLarge("actual_usd_cost", config));
        }
        MeteredUsage.Key key = new MeteredUsage.Key(request.nodeId(), request.usageId());
        // Locked first: records (and gate decisions) of one node are decided one after another, and
        // what is stored under the id is read under the lock, so a record that took the id meanwhile
        // is seen here, not met as a conflict of the insert. An operator reports only its own node.
        return NodeComputeSettings.<NodeComputeSettings>findById(request.nodeId(), LockModeType.PESSIMISTIC_WRITE)
                .invoke(node -> {
                    if (reporter != null) {
                        requireOwnedBy(node == null ? null : node.operatorId, request.nodeId(), reporter);
                    }
                })
                .chain(node -> MeteredUsage.<MeteredUsage>findById(key).chain(existing -> {
                    if (existing == null) {
                        return MeteredUsage.getSession().chain(session -> recordNew(session, node, request, verified, null));
                    }
                    if (existing.sameAs(request) || !mayGiveWay(existing)) {
                        return Uni.createFrom().item(replayed(existing, request));
                    }
                    return MeteredUsage.getSession().chain(session -> {
                        // Read again after the removal, not from this session's cache.
                        session.detach(existing);
                        return recordNew(session, node, request, verified, existing);
                    });
                }));
    }

    /**
     * Whether a stored record may give way to another under its id: nobody the suite knows
     * reported it, and nothing of it was counted or will be paid — a hive/idle record not payable,
     * or a record of the node's own calls (never settled), which anyone holding the node agents'
     * credential can write. It then gives way only to a record that uses up an unused authorization
     * of the node (GIVE_WAY).
     */
    private static boolean mayGiveWay(MeteredUsage stored) {
        return !stored.reporterKnown
                && (MeteredUsage.OWN.equals(stored.taskSource) || stored.status() == SettlementStatus.NOT_PAYABLE);
    }

    /**
     * Records a new usage; with {@code displacing}, a stored record under the same id that nothing
     * vouches for ({@link #mayGiveWay}), which this one replaces if it names an unused authorization
     * of the node, parking the other with its reason (SPEC §10: kept, visible, never paid).
     */
    private Uni<Recorded> recordNew(Mutiny.Session session, NodeComputeSettings node, UsageRecordRequest request,
                                    boolean verified, MeteredUsage displacing) {
        return assess(session, node, request)
                .call(assessment -> displacing == null ? Uni.createFrom().nullItem() : giveWay(session, displacing, request, assessment))
                .chain(assessment -> session.createNativeQuery(INSERT)
                        .setParameter("usageId", request.usageId())
                        .setParameter("nodeId", request.nodeId())
                        .setParameter("operatorId", assessment.operatorId())
                        .setParameter("modelId", request.modelId())
                        .setParameter("taskSource", request.taskSource())
                        .setParameter("tokensIn", request.tokensIn())
                        .setParameter("tokensOut", request.tokensOut())
                        .setParameter("cost", request.actualUsdCost())
                        .setParameter("authorizationId", request.authorizationId())
                        .setParameter("status", assessment.status().wire())
                        .setParameter("payable", assessment.payableUsd())
                        .setParameter("reason", assessment.reason())
                        .setParameter("reporterKnown", verified)
                        .executeUpdate()
                        .call(inserted -> inserted == 1 && assessment.consumesAuthorization()
                                ? session.createNativeQuery(CONSUME_RESERVATION)
                                        .setParameter("usageId", request.usageId())
                                        .setParameter("authorizationId", request.authorizationId())
                                        .setParameter("nodeId", request.nodeId())
                                        .executeUpdate()
                                : Uni.createFrom().nullItem())
                        .call(inserted -> inserted == 1 && countsAgainstCap(request, verified, assessment)
                                ? session.createNativeQuery(ADD_DAILY_SPEND)
                                        .setParameter("nodeId", request.nodeId())
                                        .setParameter("cost", request.actualUsdCost())
                                        .executeUpdate()
                                : Uni.createFrom().nullItem())
                        .call(inserted -> inserted == 1 && assessment.payableUsd() != null
                                ? session.createNativeQuery(ADD_DAILY_PAYABLE)
                                        .setParameter("nodeId", request.nodeId())
                                        .setParameter("usd", assessment.payableUsd())
                                        .executeUpdate()
                                : Uni.createFrom().nullItem())
                        .invoke(inserted -> {
                            if (inserted == 1 && !MeteredUsage.OWN.equals(request.taskSource())) {
                                registry.counter("settlement.usage.recorded", "payable",
                                        Boolean.toString(assessment.payableUsd() != null),
                                        "reason", assessment.reason() == null ? "none" : assessment.reason()).increment();
                            }
                        }))
                // A concurrent request with the same id may have won the insert: the stored record answers.
                .chain(inserted -> MeteredUsage.<MeteredUsage>findById(new MeteredUsage.Key(request.nodeId(), request.usageId()))
                        .map(stored -> inserted == 1 ? new Recorded(stored, true) : replayed(stored, request)));
    }

    /**
     * Removes {@code stored} so that {@code request} takes its id, if the request names an unused
     * authorization of the node, and parks the removed record on metered.usage's parking lot with
     * its reason, in this transaction. Otherwise the request is refused as reusing the id. A
     * concurrent record that already took the id leaves nothing to remove: the insert then finds it.
     */
    private Uni<Void> giveWay(Mutiny.Session session, MeteredUsage stored, UsageRecordRequest request, Assessment assessment) {
        if (!assessment.consumesAuthorization()) {
            return Uni.createFrom().failure(reused(request));
        }
        return session.createNativeQuery(GIVE_WAY)
                .setParameter("nodeId", stored.nodeId)
                .setParameter("usageId", stored.usageId)
                .executeUpdate()
                .chain(removed -> removed == 0 ? Uni.createFrom().voidItem()
                        : parking.park(MeteredUsageConsumer.CHANNEL, stored.nodeId, asEvent(stored), DISPLACED)
                                .invoke(() -> registry.counter("settlement.usage.displaced").increment()));
    }

    static final String DISPLACED = "usage_id_displaced: an authorized record of the node took its usage_id";

    /** The displaced record as the metered.usage event that would record it again (an admin's replay). */
    private static String asEvent(MeteredUsage stored) {
        return EventCodec.encode(CloudEvent.of("displaced-" + UUID.randomUUID(), MeteredUsageReported.TYPE, Topics.NODE_AGENT,
                stored.nodeId, Instant.now(), new MeteredUsageReported(stored.usageId, stored.nodeId, stored.operatorId,
                        stored.modelId, stored.taskSource, stored.tokensIn, stored.tokensOut, stored.actualUsdCost,
                        stored.authorizationId)));
    }

    /**
     * Whether a hive/idle record adds to the node's spend today, which the budget gate holds against
     * the owner's daily cap (and the provider view shows as costs absorbed): only when its reporter is
     * known — an authenticated REST caller (the owner itself, an admin, a service) — or it names one
     * of the node's authorizations (which only the owner gets). A record on metered.usage proves no
     * operator (the node agents share one credential), so one nothing backs is kept, not payable,
     * but cannot use up another operator's cap.
     */
    private static boolean countsAgainstCap(UsageRecordRequest request, boolean verified, Assessment assessment) {
        return !MeteredUsage.OWN.equals(request.taskSource()) && (verified || assessment.consumesAuthorization());
    }

    private static void requireOwnedBy(String owner, String nodeId, String reporter) {
        if (owner == null) {
            throw ComputeSettingsService.unknownNode(nodeId);
        }
        if (!owner.equals(reporter)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Node " + nodeId + " is not registered to '" + reporter + "'.");
        }
    }

    private static Recorded replayed(MeteredUsage stored, UsageRecordRequest request) {
        if (!stored.sameAs(request)) {
            throw reused(request);
        }
        return new Recorded(stored, false);
    }

    private static ApiException reused(UsageRecordRequest request) {
        return new ApiException(ErrorCode.USAGE_ID_REUSED,
                "usage_id " + request.usageId() + " was already recorded for node " + request.nodeId() + " with other values.");
    }

    private Uni<Assessment> assess(Mutiny.Session session, NodeComputeSettings node, UsageRecordRequest request) {
        String operator = request.operatorId() != null ? request.operatorId() : node != null ? node.operatorId : null;
        if (MeteredUsage.OWN.equals(request.taskSource())) {
            // The node's own calls are kept for its own view and never settled.
            return Uni.createFrom().item(new Assessment(operator, SettlementStatus.PENDING, null, null, false));
        }
        String refusal = structuralRefusal(node, operator);
        boolean ownerReports = node != null && node.operatorId.equals(operator);
        if (request.authorizationId() == null) {
            return Uni.createFrom().item(Assessment.notPayable(operator, refusal != null ? refusal : "no_authorization", false));
        }
        return session.createNativeQuery(RESERVATION, Object[].class)
                .setParameter("authorizationId", request.authorizationId())
                .getResultList()
                .chain(rows -> {
                    Object[] reservation = rows.isEmpty() ? null : rows.get(0);
                    boolean ofThisNode = reservation != null && request.nodeId().equals(reservation[0]);
                    boolean unused = ofThisNode && reservation[2] == null;
                    // Only the owner's own record uses up the owner's authorization.
                    boolean consumes = unused && ownerReports;
                    if (refusal != null) {
                        return Uni.createFrom().item(Assessment.notPayable(operator, refusal, consumes));
                    }
                    if (!ofThisNode) {
                        return Uni.createFrom().item(Assessment.notPayable(operator, "unknown_authorization", false));
                    }
                    if (!unused) {
                        return Uni.createFrom().item(Assessment.notPayable(operator,
                                ComputeSettingsService.NODE_MOVED.equals(reservation[2]) ? "authorized_before_node_moved"
                                        : "authorization_already_used", false));
                    }
                    // Not refused for the reservation's time: the gate authorized the call when it was made, and a record
                    // applied late (a consumer behind, a parked record replayed) is still paid, within today's cap, but
                    // never out of the room the gate holds today for calls it authorized since.
                    boolean late = !Boolean.TRUE.equals(reservation[3]);
                    BigDecimal payable = request.actualUsdCost().min((BigDecimal) reservation[1]);
                    BigDecimal cap = node.meteredDailyLimitUsd;
                    if (cap.signum() == 0) {
                        return Uni.createFrom().item(new Assessment(operator, SettlementStatus.PENDING, payable, null, true));
                    }
                    return session.createNativeQuery(late ? PAYABLE_AND_HELD_TODAY : PAYABLE_TODAY, BigDecimal.class)
                            .setParameter("nodeId", node.nodeId)
                            .getSingleResult()
                            .map(payableToday -> {
                                BigDecimal room = cap.subtract(payableToday);
                                if (room.signum() <= 0) {
                                    return Assessment.notPayable(operator, "daily_cap_reached", true);
                                }
                                return new Assessment(operator, SettlementStatus.PENDING, payable.min(room), null, true);
                            });
                });
    }

    /** Why the node's state alone makes a hive/idle record unpayable, or null. */
    static String structuralRefusal(NodeComputeSettings node, String operator) {
        if (node == null) {
            return "node_not_registered";
        }
        if (!AccountIds.isNodeOperator(operator)) {
            return "invalid_operator_account";
        }
        if (!node.operatorId.equals(operator)) {
            return "operator_not_node_owner";
        }
        for (String reason : List.of(
                node.isCentral() ? "central_tier" : "",
                "local_only".equals(node.computePolicy) ? "compute_policy_local_only" : "",
                "local_only".equals(node.hiveComputePolicy) ? "hive_compute_policy_local_only" : "",
                !node.allowMeteredForHive ? "metered_for_hive_disabled" : "")) {
            if (!reason.isEmpty()) {
                return reason;
            }
        }
        return null;
    }
}
