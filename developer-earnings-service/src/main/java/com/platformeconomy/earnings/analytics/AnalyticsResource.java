package com.platformeconomy.earnings.analytics;

import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.contracts.security.Ownership;
import com.platformeconomy.contracts.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

@Path("/v1/developer/apps/{app_id}/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    static final int MAX_DAYS = 3650;

    private static final String APP = "SELECT developer_id, created_at FROM apps WHERE app_id = $1";
    private static final String WINDOW = """
            SELECT COUNT(*) AS actions, COALESCE(SUM(developer_share), 0)::bigint AS revenue,
                   COUNT(DISTINCT user_id) AS unique_users
            FROM developer_earnings WHERE app_id = $1 AND earned_at >= $2""";

    private final Pool pool;
    private final SecurityIdentity caller;

    public AnalyticsResource(Pool pool, SecurityIdentity caller) {
        this.pool = pool;
        this.caller = caller;
    }

    /** {@code days}: 1..3650 or {@code all} (default 30, the seed's example). */
    @GET
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<AppAnalytics> analytics(@PathParam("app_id") String appId, @QueryParam("days") String days) {
        Integer window = parseDays(days == null ? "30" : days);
        return pool.preparedQuery(APP).execute(Tuple.of(appId)).chain(rows -> {
            RowIterator<Row> found = rows.iterator();
            if (!found.hasNext()) {
                throw ApiException.notFound("unknown_app", "There is no app " + appId + " of yours.");
            }
            Row app = found.next();
            if (!Ownership.isPrivileged(caller) && !app.getString("developer_id").equals(caller.getPrincipal().getName())) {
                // Someone else's app answers as if it did not exist.
                throw ApiException.notFound("unknown_app", "There is no app " + appId + " of yours.");
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            OffsetDateTime since;
            long periodDays;
            if (window == null) {
                since = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
                OffsetDateTime created = app.getOffsetDateTime("created_at");
                periodDays = Math.max(1, (Duration.between(created, now).toHours() + 23) / 24);
            } else {
                since = now.minusDays(window);
                periodDays = window;
            }
            return pool.preparedQuery(WINDOW).execute(Tuple.of(appId, since)).map(stats -> {
                Row row = stats.iterator().next();
                return new AppAnalytics(appId, periodDays, row.getLong("actions"), row.getLong("revenue"),
                        row.getLong("unique_users"));
            });
        });
    }

    /** The window in days, or null for all; 400 for anything else. */
    static Integer parseDays(String days) {
        if ("all".equals(days)) {
            return null;
        }
        if (days.matches("[0-9]{1,4}")) {
            int value = Integer.parseInt(days);
            if (value >= 1 && value <= MAX_DAYS) {
                return value;
            }
        }
        throw ApiException.badRequest("invalid_days", "days must be a whole number from 1 to " + MAX_DAYS + ", or all.");
    }
}
