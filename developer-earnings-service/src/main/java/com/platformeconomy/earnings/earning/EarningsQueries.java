package com.platformeconomy.earnings.earning;

import com.platformeconomy.earnings.payout.PayoutState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** A developer's totals, read in one statement so that they are consistent with each other. */
@ApplicationScoped
public class EarningsQueries {

    private static final String SUMMARY = """
            SELECT (SELECT COALESCE(SUM(developer_share), 0)::bigint FROM developer_earnings WHERE developer_id = $1) AS shares,
                   (SELECT COALESCE(SUM(platform_share), 0)::bigint FROM developer_earnings WHERE developer_id = $1) AS platform,
                   (SELECT COALESCE(SUM(amount), 0)::bigint FROM earnings_adjustments WHERE developer_id = $1) AS adjustments,
                   (SELECT COALESCE(SUM(amount_tokens), 0)::bigint FROM developer_payouts
                     WHERE developer_id = $1 AND status IN ($PAID_OUT)) AS paid_out"""
            .replace("$PAID_OUT", PayoutState.sqlList(PayoutState::paidOut));

    private final Pool pool;

    public EarningsQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<EarningsSummary> summary(String developerId) {
        return pool.preparedQuery(SUMMARY).execute(Tuple.of(developerId)).map(rows -> {
            Row row = rows.iterator().next();
            return EarningsSummary.of(row.getLong("shares"), row.getLong("adjustments"),
                    row.getLong("platform"), row.getLong("paid_out"));
        });
    }
}
