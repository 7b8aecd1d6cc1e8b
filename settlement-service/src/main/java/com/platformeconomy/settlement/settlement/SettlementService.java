package com.platformeconomy.settlement.settlement;

import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.contracts.outbox.Outbox;
import com.platformeconomy.settlement.config.SettlementConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Settles metered costs (seeds/001 settle_metered_api_costs): per operator, one batch that marks
 * its pending hive/idle records settled at {@code spark = max(1, floor(usd × spark_per_usd))} each
 * and queues one {@code settlement.awarded} event (id = batch id) in the outbox, all in one
 * transaction; a crash anywhere leaves the records pending or settled-with-their-event, never one
 * without the other. Records without an operator are written off.
 *
 * <p>Eligibility: a record's node must have auto_settle on (a node without settings takes
 * {@code settlement.auto-settle}); an operator's eligible records form a batch when their spark
 * total reaches the smallest min_settlement_spark among the nodes they came from. No record is
 * left out for its age.
 *
 * <p>Two instances never settle a record twice: a run holds a transaction-scoped advisory lock,
 * and a run that cannot take it (another is settling) settles nothing and says so. The work is a
 * handful of set-based statements, not a loop over records.
 */
@ApplicationScoped
public class SettlementService {

    private static final Logger LOG = Logger.getLogger(SettlementService.class);

    /** The advisory lock key of settlement runs ("settle" in ASCII). */
    static final long LOCK_KEY = 0x736574746c65L;

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(:key)";

    /*
     * Which nodes' records form which operator's batch: a small table (one row per operator and
     * node), analysed so that the planner hashes it and reads metered_usage once, in physical
     * order, when it settles. Hashing the records instead and updating them in hash order reads
     * each heap page many times over (measured: 617k page reads for 1M records).
     */
    private static final String CHOOSE = """
            CREATE TEMPORARY TABLE settlement_choice ON COMMIT DROP AS
            WITH per_node AS MATERIALIZED (
                SELECT m.operator_id, m.node_id,
                       SUM(GREATEST(1, FLOOR(m.actual_usd_cost * CAST(:rate AS BIGINT)))) AS spark,
                       MIN(COALESCE(s.min_settlement_spark, CAST(:defaultMin AS BIGINT))) AS threshold
                FROM metered_usage m
                LEFT JOIN node_compute_settings s ON s.node_id = m.node_id
                WHERE m.settlement_status = 'pending' AND m.task_source <> 'own' AND m.operator_id IS NOT NULL
                  AND COALESCE(s.auto_settle, :defaultAutoSettle)
                GROUP BY m.operator_id, m.node_id
            ),
            batch AS MATERIALIZED (
                SELECT operator_id, gen_random_uuid() AS batch_id
                FROM per_node GROUP BY operator_id
                HAVING SUM(spark) >= MIN(threshold)
            )
            SELECT p.operator_id, p.node_id, b.batch_id FROM per_node p JOIN batch b ON b.operator_id = p.operator_id""";

    private static final String ANALYZE_CHOICE = "ANALYZE settlement_choice";

    /*
     * The batches are built from what the UPDATE returned, so a batch's totals are exactly the
     * records it marked, whatever arrived since the choice was made.
     */
    private static final String SETTLE = """
            WITH settled AS (
                UPDATE metered_usage m
                SET settlement_status = 'settled', batch_id = c.batch_id, settled_at = now(),
                    spark_awarded = CAST(GREATEST(1, FLOOR(m.actual_usd_cost * CAST(:rate AS BIGINT))) AS BIGINT)
                FROM settlement_choice c
                WHERE m.operator_id = c.operator_id AND m.node_id = c.node_id
                  AND m.settlement_status = 'pending' AND m.task_source <> 'own'
                RETURNING m.batch_id, m.operator_id, m.node_id, m.spark_awarded, m.actual_usd_cost
            ),
            by_node AS MATERIALIZED (
                SELECT batch_id, operator_id, node_id,
                       SUM(spark_awarded) AS tokens, SUM(actual_usd_cost) AS usd, COUNT(*) AS record_count
                FROM settled GROUP BY batch_id, operator_id, node_id
            ),
            node_shares AS (
                INSERT INTO settlement_batch_node (batch_id, node_id, tokens, usd, record_count)
                SELECT batch_id, node_id, tokens, usd, record_count FROM by_node
            )
            INSERT INTO settlement_batch (batch_id, operator_id, tokens, usd, record_count, spark_per_usd)
            SELECT batch_id, operator_id, SUM(tokens), SUM(usd), SUM(record_count), CAST(:rate AS BIGINT)
            FROM by_node GROUP BY batch_id, operator_id
            RETURNING CAST(batch_id AS TEXT), operator_id, tokens, usd, record_count""";

    private static final String WRITE_OFF = """
            UPDATE metered_usage SET settlement_status = 'written_off', settled_at = now()
            WHERE settlement_status = 'pending' AND task_source <> 'own' AND operator_id IS NULL""";

    private final Outbox outbox;
    private final SettlementConfig config;
    private final MeterRegistry registry;

    public SettlementService(Outbox outbox, SettlementConfig config, MeterRegistry registry) {
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
    }

    @WithTransaction
    public Uni<SettlementResult> run() {
        return settleInCurrentTransaction();
    }

    /** The run's work inside the caller's transaction (tests wrap it to crash before the commit). */
    Uni<SettlementResult> settleInCurrentTransaction() {
        return Panache.getSession().chain(session -> session.createNativeQuery(TRY_LOCK, Boolean.class)
                .setParameter("key", LOCK_KEY)
                .getSingleResult()
                .chain(locked -> {
                    if (!locked) {
                        LOG.info("another settlement run holds the lock; this one settles nothing");
                        return Uni.createFrom().item(SettlementResult.of(List.of(), 0));
                    }
                    return settle(session).chain(batches -> writeOff(session)
                            .map(writtenOff -> SettlementResult.of(batches, writtenOff)));
                }))
                .invoke(this::count);
    }

    private Uni<List<SettlementResult.Batch>> settle(Mutiny.Session session) {
        long rate = config.sparkPerUsd();
        return session.createNativeQuery(CHOOSE)
                .setParameter("rate", rate)
                .setParameter("defaultMin", config.minSettlementSpark())
                .setParameter("defaultAutoSettle", config.autoSettle())
                .executeUpdate()
                .chain(() -> session.createNativeQuery(ANALYZE_CHOICE).executeUpdate())
                .chain(() -> session.createNativeQuery(SETTLE, Object[].class)
                        .setParameter("rate", rate)
                        .getResultList())
                .map(rows -> rows.stream().map(row -> new SettlementResult.Batch((String) row[0], (String) row[1],
                        ((Number) row[2]).longValue(), (BigDecimal) row[3], ((Number) row[4]).intValue())).toList())
                .call(batches -> Multi.createFrom().iterable(batches)
                        .onItem().transformToUniAndConcatenate(this::queueAward)
                        .collect().last());
    }

    private Uni<Void> queueAward(SettlementResult.Batch batch) {
        SettlementAwarded award = new SettlementAwarded(batch.batchId(), batch.operatorId(), batch.tokens(),
                batch.usd().stripTrailingZeros(), batch.recordCount());
        return outbox.add(Topics.SETTLEMENT_AWARDED, CloudEvent.of(batch.batchId(), SettlementAwarded.TYPE,
                "settlement-service", batch.operatorId(), Instant.now(), award));
    }

    private static Uni<Long> writeOff(Mutiny.Session session) {
        return session.createNativeQuery(WRITE_OFF).executeUpdate().map(Integer::longValue);
    }

    private void count(SettlementResult result) {
        registry.counter("settlement.records.settled").increment(result.settledCount());
        registry.counter("settlement.spark.awarded").increment(result.totalSparkAwarded());
        registry.counter("settlement.records.written_off").increment(result.writtenOff());
    }
}
