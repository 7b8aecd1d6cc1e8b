package com.platformeconomy.revenue.funding;

import com.platformeconomy.revenue.config.RevenueConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The funding sagas as an operator sees them (issue #21): {@code revenue.funding.sagas} by state,
 * and {@code revenue.funding.stuck}, those still {@code requested} (goal-service has not answered)
 * for longer than {@code revenue.funding-stuck-after}. Counted from {@code funding_decision} every
 * {@code revenue.funding.count-interval}, so the gauges hold after a restart and across replicas.
 */
@ApplicationScoped
@Startup
public class FundingGauges {

    private static final Logger LOG = Logger.getLogger(FundingGauges.class);

    private static final String COUNT = """
            SELECT state, count(*) AS sagas,
                   count(*) FILTER (WHERE state = 'requested' AND updated_at < now() - $1::bigint * interval '1 second') AS stuck
            FROM funding_decision GROUP BY state""";

    private final Pool pool;
    private final RevenueConfig config;
    private final Map<FundingState, AtomicLong> byState = new EnumMap<>(FundingState.class);
    private final AtomicLong stuck = new AtomicLong();

    public FundingGauges(Pool pool, RevenueConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        for (FundingState state : FundingState.values()) {
            AtomicLong count = new AtomicLong();
            byState.put(state, count);
            registry.gauge("revenue.funding.sagas", List.of(Tag.of("state", state.wire())), count);
        }
        registry.gauge("revenue.funding.stuck", List.of(), stuck);
    }

    @Scheduled(every = "${revenue.funding.count-interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> count() {
        return pool.preparedQuery(COUNT).execute(Tuple.of(config.fundingStuckAfter().toSeconds())).invoke(rows -> {
            long stuckNow = 0;
            byState.values().forEach(count -> count.set(0));
            for (Row row : rows) {
                byState.get(FundingState.of(row.getString("state"))).set(row.getLong("sagas"));
                stuckNow += row.getLong("stuck");
            }
            stuck.set(stuckNow);
        }).onFailure().invoke(e -> LOG.warnf("counting funding sagas failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
