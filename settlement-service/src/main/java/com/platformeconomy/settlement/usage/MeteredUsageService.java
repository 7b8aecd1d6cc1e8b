package com.platformeconomy.settlement.usage;

import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.settlement.config.SettlementConfig;
import com.platformeconomy.settlement.settings.ComputeSettingsService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Records metered usage, once per usage id, whoever sends it and however often. */
@ApplicationScoped
public class MeteredUsageService {

    /** The outcome of recording: the stored record, and whether this call created it. */
    public record Recorded(MeteredUsage usage, boolean created) {
    }

    private static final String INSERT = """
            INSERT INTO metered_usage (usage_id, node_id, operator_id, model_id, task_source,
                                       tokens_in, tokens_out, actual_usd_cost, authorization_id)
            VALUES (:usageId, :nodeId, :operatorId, :modelId, :taskSource, :tokensIn, :tokensOut, :cost, :authorizationId)
            ON CONFLICT (usage_id) DO NOTHING""";

    // The actual cost now counts against the node's day; the estimate reserved for it stops counting.
    private static final String CONSUME_RESERVATION = """
            UPDATE budget_reservation SET consumed_by = :usageId
            WHERE authorization_id = :authorizationId AND node_id = :nodeId AND consumed_by IS NULL""";

    // now() is the transaction's start, the same instant as the record's recorded_at.
    private static final String ADD_DAILY_SPEND = """
            INSERT INTO node_daily_spend (node_id, spend_day, usd)
            VALUES (:nodeId, CAST(timezone('UTC', now()) AS DATE), :cost)
            ON CONFLICT (node_id, spend_day) DO UPDATE SET usd = node_daily_spend.usd + EXCLUDED.usd""";

    private final SettlementConfig config;
    private final ComputeSettingsService settings;

    public MeteredUsageService(SettlementConfig config, ComputeSettingsService settings) {
        this.config = config;
        this.settings = settings;
    }

    @WithTransaction
    public Uni<Recorded> record(UsageRecordRequest request) {
        if (request.actualUsdCost().compareTo(config.maxUsageUsd()) > 0) {
            return Uni.createFrom().failure(ApiException.badRequest("usd_cost_too_large",
                    "actual_usd_cost may be at most " + config.maxUsageUsd().toPlainString() + " USD per record."));
        }
        // ON CONFLICT makes concurrent replays safe: exactly one insert wins, the others read it.
        return MeteredUsage.getSession()
                .chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("usageId", request.usageId())
                        .setParameter("nodeId", request.nodeId())
                        .setParameter("operatorId", request.operatorId())
                        .setParameter("modelId", request.modelId())
                        .setParameter("taskSource", request.taskSource())
                        .setParameter("tokensIn", request.tokensIn())
                        .setParameter("tokensOut", request.tokensOut())
                        .setParameter("cost", request.actualUsdCost())
                        .setParameter("authorizationId", request.authorizationId())
                        .executeUpdate()
                        .call(inserted -> inserted == 1 && request.authorizationId() != null
                                ? session.createNativeQuery(CONSUME_RESERVATION)
                                        .setParameter("usageId", request.usageId())
                                        .setParameter("authorizationId", request.authorizationId())
                                        .setParameter("nodeId", request.nodeId())
                                        .executeUpdate()
                                : Uni.createFrom().nullItem())
                        .call(inserted -> inserted == 1 && !"own".equals(request.taskSource())
                                ? session.createNativeQuery(ADD_DAILY_SPEND)
                                        .setParameter("nodeId", request.nodeId())
                                        .setParameter("cost", request.actualUsdCost())
                                        .executeUpdate()
                                : Uni.createFrom().nullItem())
                        // The node's first usage names its operator: from then on the node is that operator's.
                        .call(inserted -> inserted == 1 && request.operatorId() != null
                                ? settings.claim(request.nodeId(), request.operatorId())
                                : Uni.createFrom().nullItem()))
                .chain(inserted -> MeteredUsage.<MeteredUsage>findById(request.usageId())
                        .map(stored -> {
                            if (inserted == 0 && !stored.sameAs(request)) {
                                throw ApiException.conflict("usage_id_reused",
                                        "usage_id " + request.usageId() + " was already recorded with other values.");
                            }
                            return new Recorded(stored, inserted == 1);
                        }));
    }
}
