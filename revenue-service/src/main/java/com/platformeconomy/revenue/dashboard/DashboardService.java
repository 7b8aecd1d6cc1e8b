package com.platformeconomy.revenue.dashboard;

import com.platformeconomy.revenue.funding.FundingState;
import com.platformeconomy.revenue.config.RevenueConfig;
import com.platformeconomy.revenue.wallet.HoldStats;
import com.platformeconomy.revenue.wallet.WalletHolds;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import org.jboss.logging.Logger;

/**
 * Answers the dashboard from the daily roll-ups (at most period_days × 3 rows) and the open funding
 * decision, while wallet-service is asked for its hold statistics in parallel. Shares are exact
 * decimals: {@code total_gross × 90 / 100} etc. (BigDecimal, no rounding); tokens only move in
 * whole units when a period is distributed.
 */
@ApplicationScoped
public class DashboardService {

    private static final Logger LOG = Logger.getLogger(DashboardService.class);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private static final String FIGURES = """
            SELECT COALESCE(sum(amount) FILTER (WHERE stream = 'api'), 0) AS api,
                   COALESCE(sum(amount) FILTER (WHERE stream = 'ad'), 0) AS ad,
                   COALESCE(sum(amount) FILTER (WHERE stream = 'hosting'), 0) AS hosting,
                   (SELECT reserved_tokens FROM funding_decision WHERE state IN ($OPEN)) AS reserved,
                   (SELECT goal_id FROM funding_decision WHERE state IN ($OPEN)) AS goal_id
            FROM revenue_rollup WHERE day > $1""".replace("$OPEN", FundingState.sqlList(FundingState::isOpen));

    private final Pool pool;
    private final WalletHolds wallet;
    private final RevenueConfig config;
    private final Clock clock = Clock.systemUTC();

    public DashboardService(Pool pool, WalletHolds wallet, RevenueConfig config) {
        this.pool = pool;
        this.wallet = wallet;
        this.config = config;
    }

    public Uni<Dashboard> dashboard(int periodDays) {
        // The period is the last period_days UTC days, today included.
        LocalDate after = LocalDate.now(clock).minusDays(periodDays);
        Uni<Row> figures = pool.preparedQuery(FIGURES).execute(Tuple.of(after)).map(rows -> rows.iterator().next());
        Uni<Dashboard.ComputeBorrowing> borrowing = wallet.stats()
                .map(DashboardService::borrowing)
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("compute_borrowing unavailable: %s", failure.getMessage());
                    return new Dashboard.ComputeBorrowing(null, null, true);
                });
        return Uni.combine().all().unis(figures, borrowing).asTuple()
                .map(both -> build(periodDays, both.getItem1(), both.getItem2()));
    }

    private Dashboard build(int periodDays, Row row, Dashboard.ComputeBorrowing borrowing) {
        BigDecimal api = row.getBigDecimal("api");
        BigDecimal ad = row.getBigDecimal("ad");
        BigDecimal hosting = row.getBigDecimal("hosting");
        BigDecimal gross = api.add(ad);
        BigDecimal users = share(gross, config.usersPercent());
        BigDecimal infra = share(gross, config.infraPercent());
        BigDecimal central = share(gross, config.centralPercent());
        BigDecimal platform = infra.add(central);
        BigDecimal excess = platform.subtract(hosting);
        Long reserved = row.getLong("reserved");
        Dashboard.Trading trading = new Dashboard.Trading(reserved != null, shown(excess), config.fundingThreshold(),
                row.getString("goal_id"), reserved);
        Dashboard.Revenue revenue = new Dashboard.Revenue(periodDays, shown(api), shown(ad), shown(hosting),
                shown(gross), shown(users), shown(infra), shown(central), shown(platform));
        return new Dashboard(revenue, trading, borrowing);
    }

    private static BigDecimal share(BigDecimal gross, int percent) {
        return gross.multiply(BigDecimal.valueOf(percent)).divide(HUNDRED);
    }

    /** As the seed writes amounts: at least one decimal (150.0), otherwise exact (20.25). */
    static BigDecimal shown(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 1 ? stripped.setScale(1) : stripped;
    }

    private static Dashboard.ComputeBorrowing borrowing(HoldStats stats) {
        return new Dashboard.ComputeBorrowing(stats.activeEscrows(), stats.totalSparkEscrowed(), null);
    }
}
