package com.platformeconomy.settlement.settings;

import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.contracts.security.Ownership;
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
 * Compute settings per node. A node belongs to the operator that claimed it first: by reporting
 * usage for it, by a PUT or by a join. An operator sees and changes only its own nodes, an admin
 * or a service any node; a node nobody claimed shows its defaults.
 */
@ApplicationScoped
public class ComputeSettingsService {

    static final String CENTRAL_REFUSAL = "Central nodes cannot enable metered APIs for hive";

    // Only what the configuration decides is written here; every other column takes the migration's default.
    private static final String CLAIM = """
            INSERT INTO node_compute_settings (node_id, operator_id, auto_settle, min_settlement_spark)
            VALUES (:nodeId, :operatorId, :autoSettle, :minSettlementSpark)
            ON CONFLICT (node_id) DO NOTHING""";

    private static final String PROVIDER_FIGURES = """
            SELECT (SELECT COUNT(*) FROM metered_usage
                    WHERE node_id = :nodeId AND settlement_status = 'pending' AND task_source <> 'own'),
                   (SELECT COALESCE(SUM(actual_usd_cost), 0) FROM metered_usage
                    WHERE node_id = :nodeId AND settlement_status = 'pending' AND task_source <> 'own'),
                   (SELECT COALESCE(SUM(usd), 0) FROM node_daily_spend WHERE node_id = :nodeId),
                   (SELECT COALESCE(SUM(usd), 0) FROM node_daily_spend
                    WHERE node_id = :nodeId AND spend_day = CAST(timezone('UTC', now()) AS DATE)),
                   (SELECT COALESCE(SUM(tokens), 0) FROM settlement_batch_node WHERE node_id = :nodeId),
                   (SELECT COUNT(*) FROM settlement_batch_node WHERE node_id = :nodeId)""";

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
        // A refusal (central tier, nothing to change) rolls back the claim of a new node too.
        return claimAndLock(caller, nodeId).map(settings -> apply(settings, update));
    }

    @WithTransaction
    public Uni<ProviderJoined> join(SecurityIdentity caller, String nodeId, ProviderJoinRequest request) {
        return claimAndLock(caller, nodeId).map(settings -> {
            if (request.nodeTier() != null) {
                if (NodeComputeSettings.CENTRAL.equals(request.nodeTier()) && settings.allowMeteredForHive) {
                    throw ApiException.forbidden(CENTRAL_REFUSAL);
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
                        .setParameter("nodeId", nodeId)
                        .getSingleResult())
                .map(row -> new ProviderView(settings.nodeId, settings.operatorId, settings.nodeTier,
                        settings.joinedAt != null,
                        new ProviderView.ComputeStats(decimal(row[2]), decimal(row[3])),
                        new ProviderView.ProviderIdentity(settings.causeAlignment, settings.electricityRateKwh),
                        new ProviderView.PendingSettlements(number(row[0]), decimal(row[1])),
                        new ProviderView.RewardSummary(number(row[4]), number(row[5])))));
    }

    /**
     * The node's settings for the budget gate, locked FOR UPDATE until the caller's transaction
     * ends so that authorizations of one node are decided one after another; a node nobody has
     * configured answers its defaults (nothing to lock: they allow no metered hive spend).
     */
    public Uni<NodeComputeSettings> lockedForGate(SecurityIdentity caller, String nodeId) {
        return NodeComputeSettings.<NodeComputeSettings>findById(nodeId, LockModeType.PESSIMISTIC_WRITE)
                .chain(settings -> settings != null
                        ? Uni.createFrom().item(owned(caller, settings))
                        : readable(caller, nodeId));
    }

    private SettingsUpdated apply(NodeComputeSettings settings, ComputeSettingsUpdate update) {
        if (Boolean.TRUE.equals(update.allowMeteredForHive()) && settings.isCentral()) {
            throw ApiException.forbidden(CENTRAL_REFUSAL);
        }
        List<String> policyFields = update.applyPolicyFields(settings);
        List<String> peerFields = update.applyPeerFields(settings);
        if (policyFields.isEmpty() && peerFields.isEmpty()) {
            throw ApiException.badRequest("nothing_to_update", "The request names no setting to change.");
        }
        settings.updatedAt = OffsetDateTime.now();
        return new SettingsUpdated(true, settings.nodeId, policyFields, peerFields);
    }

    /** The stored settings, or the defaults of a node nobody configured yet, if the caller may see them. */
    private Uni<NodeComputeSettings> readable(SecurityIdentity caller, String nodeId) {
        return NodeComputeSettings.<NodeComputeSettings>findById(nodeId).chain(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(owned(caller, stored));
            }
            return claimant(caller).map(claimant ->
                    NodeComputeSettings.defaults(nodeId, claimant, config.autoSettle(), config.minSettlementSpark()));
        });
    }

    /** Claims the node for the caller if nobody did yet, and locks its settings. */
    private Uni<NodeComputeSettings> claimAndLock(SecurityIdentity caller, String nodeId) {
        // Locked on the first read: loading it unlocked first would make Hibernate upgrade the lock with a statement of its own.
        return NodeComputeSettings.<NodeComputeSettings>findById(nodeId, LockModeType.PESSIMISTIC_WRITE).chain(stored -> {
            if (stored != null) {
                return Uni.createFrom().item(owned(caller, stored));
            }
            return claimant(caller).chain(claimant -> claim(nodeId, claimant))
                    // A concurrent claim may have won: the locked row decides, and its owner is checked again.
                    .chain(() -> NodeComputeSettings.<NodeComputeSettings>findById(nodeId, LockModeType.PESSIMISTIC_WRITE))
                    .map(locked -> owned(caller, locked));
        });
    }

    /**
     * Gives a node nobody claimed yet its default settings, owned by {@code operatorId}, in the
     * caller's transaction; a node already claimed keeps its owner and settings.
     */
    public Uni<Void> claim(String nodeId, String operatorId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(CLAIM)
                        .setParameter("nodeId", nodeId)
                        .setParameter("operatorId", operatorId)
                        .setParameter("autoSettle", config.autoSettle())
                        .setParameter("minSettlementSpark", config.minSettlementSpark())
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static NodeComputeSettings owned(SecurityIdentity caller, NodeComputeSettings settings) {
        Ownership.requireOwnerOrPrivileged(caller, settings.operatorId);
        return settings;
    }

    /** Who claims a node nobody claimed yet: an operator, for itself; an admin or a service cannot. */
    private static Uni<String> claimant(SecurityIdentity caller) {
        if (Ownership.isPrivileged(caller)) {
            return Uni.createFrom().failure(ApiException.notFound("unknown_node",
                    "No operator has reported usage for this node or configured it yet."));
        }
        return Uni.createFrom().item(caller.getPrincipal().getName());
    }

    private static BigDecimal decimal(Object value) {
        return ((BigDecimal) value).stripTrailingZeros();
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
