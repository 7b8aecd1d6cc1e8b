package com.platformeconomy.settlement.settlement;

import com.platformeconomy.contracts.money.Spark;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.SettlementAwarded;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.outbox.Outbox;
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
 * <p>Eligibility: a record must be payable (SPEC §10; decided when recorded and checked again
 * here, see {@code RECHECK}), is paid from its {@code payable_usd}, and its node must have
 * auto_settle on; an operator's eligible records form a batch when their spark total reaches the
 * smallest min_settlement_spark among the nodes they came from, and no operator is awarded more
 * than {@code settlement.operator-daily-award-ceiling-spark} per UTC day. No record is left out
 * for its age.
 *
 * <p>A node's settings are its current owner's: they decide only that owner's records. Records a
 * previous owner incurred before an admin moved the node are paid to that owner (SPEC §10 "Nodes
 * have owners") on their record-time verdict, as a node without settings of its own would be
 * (auto_settle on, {@code settlement.min-settlement-spark}): the new owner can neither cancel nor
 * hold them back. A record whose authorization is worth less than one spark is never paid: SPEC
 * §10 caps what one authorization pays at what was authorized, over §2's one-spark minimum.
 *
 * <p>Two instances never settle a record twice: a run holds a transaction-scoped advisory lock,
 * and a run that cannot take it (another is settling) settles nothing and says so. The work is a
 * handful of set-based statements, not a loop over records.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class SettlementService {

    private static final Logger LOG = Logger.getLogger(SettlementService.class);

    /** The advisory lock key of settlement runs ("settle" in ASCII). */
    static final long LOCK_KEY = 0x736574746c65L;

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(:key)";

    /*
     * SPEC §10, checked again at settlement: a pending hive/idle record whose node no longer allows
     * metered use for hive, turned local_only or central, whose authorization does not bound it or is
     * worth less than one spark at :rate, or that no longer fits the node's (possibly lowered) daily
     * cap becomes not_payable with its reason. The node's settings (o) count only for records of the
     * operator that owns it now: a previous owner's records keep the verdict they had when incurred.
     * The cap check runs only over the nodes and days that still have pending records.
     */
    private static final String RECHECK = """
            WITH pending_days AS MATERIALIZED (
                SELECT DISTINCT node_id, CAST(timezone('UTC', recorded_at) AS DATE) AS day FROM metered_usage
                WHERE settlement_status = 'pending' AND task_source <> 'own' AND operator_id IS NOT NULL
            ),
            running AS (
                SELECT m.node_id, m.usage_id, SUM(m.payable_usd) OVER (
                           PARTITION BY m.node_id, CAST(timezone('UTC', m.recorded_at) AS DATE)
                           ORDER BY m.recorded_at, m.usage_id) AS payable_so_far
                FROM metered_usage m
                JOIN pending_days d ON d.node_id = m.node_id
                 AND CAST(timezone('UTC', m.recorded_at) AS DATE) = d.day
                WHERE m.settlement_status IN ('pending', 'settled') AND m.task_source <> 'own' AND m.payable_usd IS NOT NULL
            ),
            verdict AS (
                SELECT m.node_id, m.usage_id, CASE
                    WHEN s.node_id IS NULL THEN 'node_not_registered'
                    WHEN o.node_tier = 'central' THEN 'central_tier'
                    WHEN o.compute_policy = 'local_only' THEN 'compute_policy_local_only'
                    WHEN o.hive_compute_policy = 'local_only' THEN 'hive_compute_policy_local_only'
                    WHEN NOT o.allow_metered_for_hive THEN 'metered_for_hive_disabled'
                    WHEN m.payable_usd IS NULL THEN 'no_authorization'
                    WHEN r.authorization_id IS NULL OR r.node_id <> m.node_id
                         OR r.consumed_by IS DISTINCT FROM m.usage_id OR m.payable_usd > r.estimated_usd
                        THEN 'authorization_invalid'
                    WHEN FLOOR(r.estimated_usd * CAST(:rate AS BIGINT)) < 1 THEN 'authorization_below_one_spark'
                    WHEN o.metered_daily_limit_usd > 0 AND run.payable_so_far > o.metered_daily_limit_usd
                        THEN 'daily_cap_reached'
                    END AS reason
                FROM metered_usage m
                LEFT JOIN node_compute_settings s ON s.node_id = m.node_id
                LEFT JOIN node_compute_settings o ON o.node_id = m.node_id AND o.operator_id = m.operator_id
                LEFT JOIN budget_reservation r ON r.authorization_id = m.authorization_id
                LEFT JOIN running run ON run.node_id = m.node_id AND run.usage_id = m.usage_id
                WHERE m.settlement_status = 'pending' AND m.task_source <> 'own' AND m.operator_id IS NOT NULL
            )
            UPDATE metered_usage m
            SET settlement_status = 'not_payable', not_payable_reason = v.reason, settled_at = now()
            FROM verdict v
            WHERE v.reason IS NOT NULL AND m.node_id = v.node_id AND m.usage_id = v.usage_id AND m.settlement_status = 'pending'""";

    /** SPEC §2's settlement conversion of each record, as SQL: contracts' {@link Spark}, the one place of the rule. */
    private static final String SPARK = Spark.sql("m.payable_usd", "CAST(:rate AS BIGINT)");

    /*
     * Which records form which operator's batch: each operator's payable records in the order they
     * were recorded, up to what is left of its daily award ceiling (records past it wait for a later
     * day, pending); a batch when the operator's whole pending spark (not only what fits today: else
     * a small record followed by one past the ceiling was never paid) reaches the smallest
     * min_settlement_spark among the nodes they came from. Spark is computed from payable_usd, which never exceeds the record's
     * authorization. A previous owner's records of a moved node settle as a node without settings of
     * its own would (auto_settle on, :defaultThreshold): the node's settings are the new owner's.
     */
    private static final String ELIGIBLE = """
            WITH eligible AS MATERIALIZED (
                SELECT m.usage_id, m.operator_id, m.node_id,
                       $SPARK AS spark,
                       MIN(CASE WHEN s.operator_id = m.operator_id THEN s.min_settlement_spark
                                ELSE CAST(:defaultThreshold AS BIGINT) END) OVER (PARTITION BY m.operator_id) AS threshold,
                       SUM($SPARK) OVER (PARTITION BY m.operator_id) AS pending,
                       SUM($SPARK) OVER (
                           PARTITION BY m.operator_id ORDER BY m.recorded_at, m.node_id, m.usage_id) AS running
                FROM metered_usage m
                JOIN node_compute_settings s ON s.node_id = m.node_id
                WHERE m.settlement_status = 'pending' AND m.task_source <> 'own' AND m.operator_id IS NOT NULL
                  AND m.payable_usd IS NOT NULL AND (s.auto_settle OR s.operator_id <> m.operator_id)
            ),
            room AS MATERIALIZED (
                SELECT o.operator_id, CAST(:ceiling AS BIGINT) - COALESCE((
                           SELECT SUM(b.tokens) FROM settlement_batch b
                           WHERE b.operator_id = o.operator_id
                             AND b.settled_at >= CAST(date_trunc('day', timezone('UTC', now())) AS TIMESTAMP) AT TIME ZONE 'UTC'), 0) AS room
                FROM (SELECT DISTINCT operator_id FROM eligible) o
            )
            """.replace("$SPARK", SPARK);

    private static final String CHOOSE = "CREATE TEMPORARY TABLE settlement_choice ON COMMIT DROP AS " + ELIGIBLE + """
            , within AS MATERIALIZED (
                SELECT e.* FROM eligible e JOIN room r ON r.operator_id = e.operator_id WHERE e.running <= r.room
            ),
            batch AS MATERIALIZED (
                SELECT operator_id, gen_random_uuid() AS batch_id
                FROM within GROUP BY operator_id
                HAVING MAX(pending) >= MIN(threshold)
            )
            SELECT w.node_id, w.usage_id, w.operator_id, b.batch_id FROM within w JOIN batch b ON b.operator_id = w.operator_id""";

    /** Operators whose daily award ceiling holds records back in this run. */
    private static final String CEILING_BOUND = ELIGIBLE + """
            SELECT DISTINCT e.operator_id FROM eligible e JOIN room r ON r.operator_id = e.operator_id
            WHERE e.running > r.room""";

    private static final String ANALYZE_CHOICE = "ANALYZE settlement_choice";

    /*
     * The batches are built from what the UPDATE returned, so a batch's totals are exactly the
     * records it marked, whatever arrived since the choice was made.
     */
    private static final String SETTLE = """
            WITH settled AS (
                UPDATE metered_usage m
                SET settlement_status = 'settled', batch_id = c.batch_id, settled_at = now(),
                    spark_awarded = CAST($SPARK AS BIGINT)
                FROM settlement_choice c
                WHERE m.node_id = c.node_id AND m.usage_id = c.usage_id AND m.settlement_status = 'pending' AND m.task_source <> 'own'
                RETURNING m.batch_id, m.operator_id, m.node_id, m.spark_awarded, m.payable_usd
            ),
            by_node AS MATERIALIZED (
                SELECT batch_id, operator_id, node_id,
                       SUM(spark_awarded) AS tokens, SUM(payable_usd) AS usd, COUNT(*) AS record_count
                FROM settled GROUP BY batch_id, operator_id, node_id
            ),
            node_shares AS (
                INSERT INTO settlement_batch_node (batch_id, node_id, tokens, usd, record_count)
                SELECT batch_id, node_id, tokens, usd, record_count FROM by_node
            )
            INSERT INTO settlement_batch (batch_id, operator_id, tokens, usd, record_count, spark_per_usd)
            SELECT batch_id, operator_id, SUM(tokens), SUM(usd), SUM(record_count), CAST(:rate AS BIGINT)
            FROM by_node GROUP BY batch_id, operator_id
            RETURNING CAST(batch_id AS TEXT), operator_id, tokens, usd, record_count""".replace("$SPARK", SPARK);

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
        // At zero from the start, so that a dashboard and an alert see them before the first settlement.
        for (String counter : List.of("settlement.records.settled", "settlement.spark.awarded", "settlement.records.written_off",
                "settlement.records.not_payable_at_settlement", "settlement.award.ceiling.bound")) {
            registry.counter(counter);
        }
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
        return session.createNativeQuery(RECHECK).setParameter("rate", rate).executeUpdate()
                .invoke(unpaid -> registry.counter("settlement.records.not_payable_at_settlement").increment(unpaid))
                .chain(() -> session.createNativeQuery(CEILING_BOUND, String.class)
                        .setParameter("rate", rate)
                        .setParameter("ceiling", config.operatorDailyAwardCeilingSpark())
                        .setParameter("defaultThreshold", config.minSettlementSpark())
                        .getResultList())
                .invoke(bound -> bound.forEach(operator -> {
                    LOG.infof("operator %s reached its daily award ceiling of %d spark; the rest waits for a later day",
                            operator, config.operatorDailyAwardCeilingSpark());
                    registry.counter("settlement.award.ceiling.bound").increment();
                }))
                .chain(() -> session.createNativeQuery(CHOOSE)
                        .setParameter("rate", rate)
                        .setParameter("ceiling", config.operatorDailyAwardCeilingSpark())
                        .setParameter("defaultThreshold", config.minSettlementSpark())
                        .executeUpdate())
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
                Topics.source(Topics.SETTLEMENT), batch.operatorId(), Instant.now(), award));
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
