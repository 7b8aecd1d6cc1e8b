package com.platformeconomy.settlement.settings;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.settlement.config.SettlementConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Compute settings per node, and who owns each node (SPEC §10 "Nodes have owners"). A node exists
 * here only once an admin or a service registered it to an operator ({@link #register}); nothing
 * a caller reports or configures claims a node. An operator sees and changes only its own nodes,
 * an admin or a service any node; an admin moves a node to another operator ({@link #move}).
 */
@ApplicationScoped
public class ComputeSettingsService {

    static final String CENTRAL_REFUSAL = "Central nodes cannot enable metered APIs for hive";
    static final String TIER_REFUSAL = "A node's tier is set by an admin (it decides the node's share of the "
            + "infrastructure pool); join without node_tier, or with the tier the node has.";

    // Only what the configuration decides is written here; every other column takes the migration's default.
    private static final String REGISTER = """
            INSERT INTO node_compute_settings (node_id, operator_id, node_tier, auto_settle, min_settlement_spark)
            VALUES (:nodeId, :operatorId, :tier, :autoSettle, :minSettlementSpark)
            ON CONFLICT (node_id) DO NOTHING""";

    private static final String OWNER_CHANGE = """
            INSERT INTO node_owner_change (node_id, from_operator, to_operator, changed_by, changed_at)
            VALUES (:nodeId, :from, :to, :by, clock_timestamp())""";

    private static final String NOT_PAYABLE = """
            SELECT not_payable_reason, COUNT(*), COALESCE(SUM(actual_usd_cost), 0) FROM metered_usage
            WHERE node_id = :nodeId AND operator_id = :operatorId AND settlement_status = 'not_payable'
            GROUP BY not_payable_reason ORDER BY not_payable_reason""";

    // The current owner's records and rewards only (a moved node's earlier ones are the previous
    // owner's pay); pending at what settlement pays (payable_usd: at most the authorization).
    private static final String PROVIDER_FIGURES = """
            SELECT (SELECT COUNT(*) FROM metered_usage
                    WHERE node_id = :nodeId AND operator_id = :operatorId AND settlement_status = 'pending' AND task_source <> 'own'
                      AND payable_usd IS NOT NULL),
                   (SELECT COALESCE(SUM(payable_usd), 0) FROM metered_usage
                    WHERE node_id = :nodeId AND operator_id = :operatorId AND settlement_status = 'pending' AND task_source <> 'own'),
                   (SELECT COALESCE(SUM(usd), 0) FROM node_daily_spend WHERE node_id = :nodeId),
                   (SELECT COALESCE(SUM(usd), 0) FROM node_daily_spend
                    WHERE node_id = :nodeId AND spend_day = CAST(timezone('UTC', now()) AS DATE)),
                   (SELECT COALESCE(SUM(n.tokens), 0) FROM settlement_batch_node n JOIN settlement_batch b USING (batch_id)
                    WHERE n.node_id = :nodeId AND b.operator_id = :operatorId),
                   (SELECT COUNT(*) FROM settlement_batch_node n JOIN settlement_batch b USING (batch_id)
                    WHERE n.node_id = :nodeId AND b.operator_id = :operatorId)""";

    private final SettlementConfig config;

    public ComputeSettingsService(SettlementConfig config) {
        this.config = config;
    }

    @WithSession
    public Uni<ComputeSettingsView> view(SecurityIdentity caller, String nodeId) {
        return readable(caller, nodeId).map(ComputeSettingsView::of);
    }

    @WithTransaction
    public Uni<SettingsUpdated> update(SecurityIdentity caller, String nodeId, ComputeSettingsUpdate update) {
        return lockOwned(caller, nodeId).map(settings -> apply(settings, update));
    }

    @WithTransaction
    public Uni<ProviderJoined> join(SecurityIdentity caller, String nodeId, ProviderJoinRequest request) {
        return lockOwned(caller, nodeId).map(settings -> {
            if (request.nodeTier() != null && !request.nodeTier().equals(settings.nodeTier)) {
                // SPEC §10: the tier decides money (the infrastructure pool, the compute a report may
                // carry, whether metered hive use is paid), so only an admin changes it.
                if (!Ownership.isPrivileged(caller)) {
                    throw new ApiException(ErrorCode.FORBIDDEN, TIER_REFUSAL);
                }
                Ownership.refuseOwnAccount(caller, settings.operatorId, "change a node's tier");
                if (NodeComputeSettings.CENTRAL.equals(request.nodeTier()) && settings.allowMeteredForHive) {
                    throw new ApiException(ErrorCode.FORBIDDEN, CENTRAL_REFUSAL);
                }
                settings.nodeTier = request.nodeTier();
            }
            ComputeSettingsUpdate update = request.asUpdate();
            update.applyPolicyFields(settings);
            update.applyPeerFields(settings);
            if (settings.joinedAt == null) {
                settings.joinedAt = OffsetDateTime.now();
            }
            settings.updatedAt = OffsetDateTime.now();
            return new ProviderJoined(true, nodeId, ComputeSettingsView.of(settings));
        });
    }

    @WithSession
    public Uni<ProviderView> provider(SecurityIdentity caller, String nodeId) {
        return readable(caller, nodeId).chain(settings -> Panache.getSession()
                .chain(session -> session.createNativeQuery(PROVIDER_FIGURES, Object[].class)
                        .setParameter("nodeId", nodeId).setParameter("operatorId", settings.operatorId)
                        .getSingleResult()
                        .chain(row -> session.createNativeQuery(NOT_PAYABLE, Object[].class)
                                .setParameter("nodeId", nodeId).setParameter("operatorId", settings.operatorId)
                                .getResultList()
                                .map(reasons -> new ProviderView(settings.nodeId, settings.operatorId, settings.nodeTier,
                                        settings.joinedAt != null,
                                        new ProviderView.ComputeStats(decimal(row[2]), decimal(row[3])),
                                        new ProviderView.ProviderIdentity(settings.causeAlignment, settings.electricityRateKwh),
                                        new ProviderView.PendingSettlements(number(row[0]), decimal(row[1])),
                                        new ProviderView.RewardSummary(number(row[4]), number(row[5])),
                                        ProviderView.NotPayable.of(reasons.stream()
                                                .map(r -> new ProviderView.Reason((String) r[0], number(r[1]), decimal(r[2])))
                                                .toList()))))));
    }

    /**
     * The node's settings for the budget gate, locked FOR UPDATE until the caller's transaction
     * ends so that authorizations of one node are decided one after another.
     */
    public Uni<NodeComputeSettings> lockedForGate(SecurityIdentity caller, String nodeId) {
        return lockOwned(caller, nodeId);
    }

    /**
     * Registers a node to an operator (admin or service): 201-worthy {@code true} when new,
     * {@code false} when it already was that operator's; 409 when another operator owns it.
     */
    @WithTransaction
    public Uni<Boolean> register(SecurityIdentity caller, String nodeId, String operatorId, String tier) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(REGISTER)
                        .setParameter("nodeId", nodeId)
                        .setParameter("operatorId", operatorId)
                        .setParameter("tier", tier)
                        .setParameter("autoSettle", config.autoSettle())
                        .setParameter("minSettlementSpark", config.minSettlementSpark())
                        .executeUpdate()
                        .chain(inserted -> inserted == 1
                                ? ownerChange(nodeId, null, operatorId, caller).replaceWith(true)
                                : NodeComputeSettings.<NodeComputeSettings>findById(nodeId).map(stored -> {
                                    if (!stored.operatorId.equals(operatorId)) {
                                        throw new ApiException(ErrorCode.NODE_ALREADY_REGISTERED,
                                                "Node " + nodeId + " is registered to another operator; an admin can move it.");
                                    }
                                    return false;
                                })));
    }

    /**
     * What a move writes into the open authorizations of the node as their consumer: no usage id has a
     * '/' (UsageRecordRequest.Ids), so a record that names one of them is told apart from a record that
     * used it (MeteredUsageService: {@code authorized_before_node_moved}).
     */
    public static final String NODE_MOVED = "pes/node-moved";

    private static final String CLOSE_RESERVATIONS = """
            UPDATE budget_reservation SET consumed_by = :moved WHERE node_id = :nodeId AND consumed_by IS NULL""";

    /**
     * Moves a node to another operator (admin). Records already made keep the operator they were made
     * for; the authorizations the gate gave and no record used yet end with the move.
     */
    @WithTransaction
    public Uni<ComputeSettingsView> move(SecurityIdentity caller, String nodeId, String operatorId) {
        return NodeComputeSettings.<NodeComputeSettings>findById(nodeId, LockModeType.PESSIMISTIC_WRITE)
                .chain(stored -> {
                    if (stored == null) {
                        return Uni.createFrom().failure(unknownNode(nodeId));
                    }
                    String from = stored.operatorId;
                    if (from.equals(operatorId)) {
                        return Uni.createFrom().item(ComputeSettingsView.of(stored));
                    }
                    stored.operatorId = operatorId;
                    stored.updatedAt = OffsetDateTime.now();
                    // The gate authorized the previous owner's calls; none of them is the new owner's to report
                    // (SPEC §10), and the previous owner reports nothing once the node is not its own.
                    return Panache.getSession().chain(session -> session.createNativeQuery(CLOSE_RESERVATIONS)
                                    .setParameter("nodeId", nodeId).setParameter("moved", NODE_MOVED).executeUpdate())
                            .chain(() -> ownerChange(nodeId, from, operatorId, caller))
                            .replaceWith(ComputeSettingsView.of(stored));
                });
    }

    /** An operator that owned a node from {@code since} (a registration or a move). */
    public record Tenure(String operatorId, java.time.Instant since) {
    }

    // In the order written: each change is stamped when it is written (clock_timestamp(), after the
    // node's row lock), so a move that waited for another is later than it.
    private static final String OWNERS = """
            SELECT to_operator, from_operator, CAST(floor(extract(epoch FROM changed_at) * 1000) AS BIGINT)
            FROM node_owner_change WHERE node_id = :nodeId ORDER BY id""";

    /**
     * Every owner of the node, oldest first (node_owner_change). A node claimed before registrations
     * were kept has a move as its first change: its owner before that move comes first, since 1970.
     */
    @WithSession
    public Uni<List<Tenure>> owners(String nodeId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(OWNERS, Object[].class)
                        .setParameter("nodeId", nodeId).getResultList())
                .map(rows -> {
                    List<Tenure> owners = new java.util.ArrayList<>();
                    if (!rows.isEmpty() && rows.get(0)[1] != null) {
                        owners.add(new Tenure((String) rows.get(0)[1], java.time.Instant.EPOCH));
                    }
                    rows.forEach(row -> owners.add(new Tenure((String) row[0],
                            java.time.Instant.ofEpochMilli(((Number) row[2]).longValue()))));
                    return owners;
                });
    }

    /** The registered node (admin or service), or 404. */
    @WithSession
    public Uni<ComputeSettingsView> registered(String nodeId) {
        return NodeComputeSettings.<NodeComputeSettings>findById(nodeId).map(stored -> {
            if (stored == null) {
                throw unknownNode(nodeId);
            }
            return ComputeSettingsView.of(stored);
        });
    }

    private Uni<Void> ownerChange(String nodeId, String from, String to, SecurityIdentity caller) {
        return Panache.getSession().chain(session -> session.createNativeQuery(OWNER_CHANGE)
                .setParameter("nodeId", nodeId)
                .setParameter("from", from)
                .setParameter("to", to)
                .setParameter("by", caller.getPrincipal().getName())
                .executeUpdate()).replaceWithVoid();
    }

    private SettingsUpdated apply(NodeComputeSettings settings, ComputeSettingsUpdate update) {
        if (Boolean.TRUE.equals(update.allowMeteredForHive()) && settings.isCentral()) {
            throw new ApiException(ErrorCode.FORBIDDEN, CENTRAL_REFUSAL);
        }
        if (update.minSettlementSpark() != null && update.minSettlementSpark() > config.operatorDailyAwardCeilingSpark()) {
            // A batch is at most a day's ceiling: a threshold above it would never be reached, the node never paid.
            throw new ApiException(ErrorCode.INVALID_FIELD, "min_settlement_spark may be at most "
                    + config.operatorDailyAwardCeilingSpark() + ", the most one operator is awarded in a day.");
        }
        List<String> policyFields = update.applyPolicyFields(settings);
        List<String> peerFields = update.applyPeerFields(settings);
        if (policyFields.isEmpty() && peerFields.isEmpty()) {
            throw new ApiException(ErrorCode.NOTHING_TO_UPDATE, "The request names no setting to change.");
        }
        settings.updatedAt = OffsetDateTime.now();
        return new SettingsUpdated(true, settings.nodeId, policyFields, peerFields);
    }

    /** The registered node's settings if the caller may see them; 404 for a node nobody registered. */
    private Uni<NodeComputeSettings> readable(SecurityIdentity caller, String nodeId) {
        return NodeComputeSettings.<NodeComputeSettings>findById(nodeId).map(stored -> owned(caller, stored, nodeId));
    }

    /** The registered node's settings, locked FOR UPDATE, if the caller may change them. */
    private Uni<NodeComputeSettings> lockOwned(SecurityIdentity caller, String nodeId) {
        return NodeComputeSettings.<NodeComputeSettings>findById(nodeId, LockModeType.PESSIMISTIC_WRITE)
                .map(stored -> owned(caller, stored, nodeId));
    }

    private static NodeComputeSettings owned(SecurityIdentity caller, NodeComputeSettings settings, String nodeId) {
        if (settings == null) {
            // The same answer whoever asks: an operator learns nothing about nodes it does not own.
            throw unknownNode(nodeId);
        }
        Ownership.requireOwnerOrPrivileged(caller, settings.operatorId);
        return settings;
    }

    public static ApiException unknownNode(String nodeId) {
        return new ApiException(ErrorCode.UNKNOWN_NODE,
                "Node " + nodeId + " is not registered; an admin or a service registers it to its operator.");
    }

    private static BigDecimal decimal(Object value) {
        return ((BigDecimal) value).stripTrailingZeros();
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
