package com.platformeconomy.earnings.analytics;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An app's figures over a window: the analytics route's numbers and, for the portal's chart, the
 * same rows per UTC day. Both read the same window, so the chart adds up to the figures.
 */
@ApplicationScoped
public class AnalyticsService {

    public static final int MAX_DAYS = 3650;

    private static final String APP = "SELECT developer_id, created_at FROM apps WHERE app_id = $1";
    private static final String WINDOW = """
            SELECT COUNT(*) AS actions, COALESCE(SUM(developer_share), 0)::bigint AS revenue,
                   COUNT(DISTINCT user_id) AS unique_users
            FROM developer_earnings WHERE app_id = $1 AND earned_at >= $2""";
    private static final String DAILY = """
            SELECT (earned_at AT TIME ZONE 'UTC')::date AS day, COUNT(*) AS actions,
                   COALESCE(SUM(developer_share), 0)::bigint AS revenue
            FROM developer_earnings WHERE app_id = $1 AND earned_at >= $2
            GROUP BY 1 ORDER BY 1""";

    /** One UTC day of an app's charges. */
    public record Day(LocalDate day, long actions, long revenue) {
    }

    /** The figures and the days they are made of (every day of the window, empty ones included). */
    public record Window(AppAnalytics totals, List<Day> days) {
    }

    private record Since(OffsetDateTime since, long periodDays) {
    }

    private final Pool pool;

    public AnalyticsService(Pool pool) {
        this.pool = pool;
    }

    /**
     * The analytics of {@code appId} over {@code window} days (null: all) for {@code caller}; someone
     * else's app (unless {@code privileged}) answers 404 as an unknown one does.
     */
    public Uni<AppAnalytics> analytics(String appId, String caller, boolean privileged, Integer window) {
        return since(appId, caller, privileged, window).chain(since -> totals(appId, since));
    }

    /** {@link #analytics} plus the per-day rows of the same window, for a chart. */
    public Uni<Window> withDays(String appId, String caller, boolean privileged, Integer window) {
        return since(appId, caller, privileged, window).chain(since -> totals(appId, since)
                .chain(totals -> pool.preparedQuery(DAILY).execute(Tuple.of(appId, since.since())).map(rows -> {
                    Map<LocalDate, Day> found = new HashMap<>();
                    for (Row row : rows) {
                        LocalDate day = row.getLocalDate("day");
                        found.put(day, new Day(day, row.getLong("actions"), row.getLong("revenue")));
                    }
                    LocalDate today = LocalDate.now(ZoneOffset.UTC);
                    LocalDate first = today.minusDays(Math.max(0, since.periodDays() - 1));
                    for (LocalDate day : found.keySet()) {
                        if (day.isBefore(first)) {
                            first = day;
                        }
                    }
                    List<Day> days = new ArrayList<>();
                    for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
                        days.add(found.getOrDefault(day, new Day(day, 0, 0)));
                    }
                    return new Window(totals, days);
                })));
    }

    private Uni<Since> since(String appId, String caller, boolean privileged, Integer window) {
        return pool.preparedQuery(APP).execute(Tuple.of(appId)).map(rows -> {
            RowIterator<Row> found = rows.iterator();
            if (!found.hasNext()) {
                throw new ApiException(ErrorCode.UNKNOWN_APP, "There is no app " + appId + " of yours.");
            }
            Row app = found.next();
            if (!privileged && !app.getString("developer_id").equals(caller)) {
                // Someone else's app answers as if it did not exist.
                throw new ApiException(ErrorCode.UNKNOWN_APP, "There is no app " + appId + " of yours.");
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            if (window == null) {
                OffsetDateTime created = app.getOffsetDateTime("created_at");
                return new Since(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                        Math.max(1, (Duration.between(created, now).toHours() + 23) / 24));
            }
            return new Since(now.minusDays(window), window);
        });
    }

    private Uni<AppAnalytics> totals(String appId, Since since) {
        return pool.preparedQuery(WINDOW).execute(Tuple.of(appId, since.since())).map(stats -> {
            Row row = stats.iterator().next();
            return new AppAnalytics(appId, since.periodDays(), row.getLong("actions"), row.getLong("revenue"),
                    row.getLong("unique_users"));
        });
    }

    /** The window in days, or null for all; 400 {@code invalid_days} for anything else. */
    public static Integer parseDays(String days) {
        if ("all".equals(days)) {
            return null;
        }
        if (days.matches("[0-9]{1,4}")) {
            int value = Integer.parseInt(days);
            if (value >= 1 && value <= MAX_DAYS) {
                return value;
            }
        }
        throw new ApiException(ErrorCode.INVALID_DAYS, "days must be a whole number from 1 to " + MAX_DAYS + ", or all.");
    }
}
