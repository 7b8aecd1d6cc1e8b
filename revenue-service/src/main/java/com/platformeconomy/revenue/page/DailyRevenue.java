package com.platformeconomy.revenue.page;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's period day by day, from the same roll-ups and the same window (the last
 * {@code period_days} UTC days, today included), so the days add up to the dashboard's totals.
 */
@ApplicationScoped
public class DailyRevenue {

    private static final String DAYS = """
            SELECT day,
                   COALESCE(sum(amount) FILTER (WHERE stream = 'api'), 0)::bigint AS api,
                   COALESCE(sum(amount) FILTER (WHERE stream = 'ad'), 0)::bigint AS ad,
                   COALESCE(sum(amount) FILTER (WHERE stream = 'hosting'), 0)::bigint AS hosting
            FROM revenue_rollup WHERE day > $1 GROUP BY day ORDER BY day""";

    /** One UTC day: gross is api + ad; hosting payouts are paid out of it. */
    public record Day(LocalDate day, long api, long ad, long hosting) {

        public long gross() {
            return api + ad;
        }
    }

    private final Pool pool;
    private final Clock clock = Clock.systemUTC();

    public DailyRevenue(Pool pool) {
        this.pool = pool;
    }

    /** Every day of the period, oldest first, days without revenue included. */
    public Uni<List<Day>> days(int periodDays) {
        LocalDate today = LocalDate.now(clock);
        LocalDate after = today.minusDays(periodDays);
        return pool.preparedQuery(DAYS).execute(Tuple.of(after)).map(rows -> {
            Map<LocalDate, Day> found = new HashMap<>();
            for (Row row : rows) {
                LocalDate day = row.getLocalDate("day");
                found.put(day, new Day(day, row.getLong("api"), row.getLong("ad"), row.getLong("hosting")));
            }
            List<Day> days = new ArrayList<>(periodDays);
            for (LocalDate day = after.plusDays(1); !day.isAfter(today); day = day.plusDays(1)) {
                days.add(found.getOrDefault(day, new Day(day, 0, 0, 0)));
            }
            return days;
        });
    }
}
