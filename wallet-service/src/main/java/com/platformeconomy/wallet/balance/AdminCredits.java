package com.platformeconomy.wallet.balance;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.config.WalletConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * SPEC §10, four eyes on the treasury. An admin's credit mints tokens into a user's wallet, which
 * the user may spend on an accomplice developer's app, whose payout the same admin approves: so one
 * admin alone credits at most {@code wallet.admin-credits.single-admin-daily-max} tokens in any 24
 * hours. A credit that would take it past that waits, recorded here and moving nothing, until a
 * second admin sends the same request (event id, account, amount, reason); the first admin sending
 * it again does not confirm it. A credit confirmed by a second admin uses neither admin's allowance.
 * The pending credit lives as long as its event id's idempotency window: a later confirmation is
 * {@code event_too_old}, and a new id is proposed.
 */
@ApplicationScoped
public class AdminCredits {

    /** What the route does with an admin's credit request. */
    public enum Decision {
        /** Credit now (within the admin's allowance, or confirmed by a second admin, or already made). */
        CREDIT,
        /** Recorded; nothing moves until a second admin sends the same request. */
        AWAIT_SECOND_ADMIN
    }

    /** One admin's requests one after another ($1: the admin), so two credits at once cannot both fit the last of its allowance. */
    public static final String LOCK_ADMIN = "SELECT pg_advisory_xact_lock(hashtext('admin_credit:' || $1))";
    private static final String FIND = """
            SELECT account, amount, reason, proposed_by, approved_by FROM admin_credit WHERE event_id = $1 FOR UPDATE""";
    private static final String USED_ALONE = """
            SELECT coalesce(sum(amount), 0) FROM admin_credit
            WHERE proposed_by = $1 AND approved_by = $1 AND proposed_at > now() - interval '24 hours'""";
    private static final String PROPOSE = """
            INSERT INTO admin_credit (event_id, account, amount, reason, proposed_by, approved_by, approved_at)
            VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END)
            ON CONFLICT (event_id) DO NOTHING""";
    private static final String CONFIRM = """
            UPDATE admin_credit SET approved_by = $2, approved_at = now() WHERE event_id = $1 AND approved_by IS NULL""";

    private static final String AWAITING = """
            SELECT event_id, account, amount, reason, proposed_by, proposed_at FROM admin_credit
            WHERE approved_by IS NULL AND proposed_at > now() - interval '24 hours' ORDER BY proposed_at DESC LIMIT 1000""";

    /** A credit waiting for a second admin: the request that makes it, and who proposed it when. */
    public record Awaiting(String eventId, String account, long amount, String reason, String proposedBy, OffsetDateTime proposedAt) {
    }

    private final Pool pool;
    private final long allowance;

    public AdminCredits(Pool pool, WalletConfig config) {
        this.pool = pool;
        this.allowance = config.adminCredits().singleAdminDailyMax();
    }

    /** The credits waiting for a second admin, proposed in the last day, newest first. */
    public Uni<List<Awaiting>> awaiting() {
        return pool.preparedQuery(AWAITING).execute().map(rows -> {
            List<Awaiting> list = new ArrayList<>();
            for (Row r : rows) {
                list.add(new Awaiting(r.getString("event_id"), r.getString("account"), r.getLong("amount"), r.getString("reason"),
                        r.getString("proposed_by"), r.getOffsetDateTime("proposed_at")));
            }
            return list;
        });
    }

    /** Decides {@code admin}'s credit of {@code amount} to {@code account} under {@code eventId}; 409 {@code event_id_reused} when the id names another credit. */
    public Uni<Decision> decide(String admin, String account, String eventId, long amount, String reason) {
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK_ADMIN).execute(Tuple.of(admin))
                .chain(() -> decide(connection, admin, account, eventId, amount, reason, true)));
    }

    private Uni<Decision> decide(SqlConnection connection, String admin, String account, String eventId, long amount,
                                 String reason, boolean mayPropose) {
        return connection.preparedQuery(FIND).execute(Tuple.of(eventId)).chain(found -> {
            Iterator<Row> rows = found.iterator();
            if (rows.hasNext()) {
                return existing(connection, rows.next(), admin, account, eventId, amount, reason);
            }
            if (!mayPropose) {
                throw new IllegalStateException("admin_credit " + eventId + " neither inserted nor found");
            }
            return connection.preparedQuery(USED_ALONE).execute(Tuple.of(admin)).chain(used -> {
                long alone = used.iterator().next().getLong(0);
                boolean fits = amount <= allowance - alone;
                return connection.preparedQuery(PROPOSE)
                        .execute(Tuple.from(new Object[] {eventId, account, amount, reason, admin, fits ? admin : null}))
                        .chain(inserted -> inserted.rowCount() == 1
                                ? Uni.createFrom().item(fits ? Decision.CREDIT : Decision.AWAIT_SECOND_ADMIN)
                                // Another admin's request under this id was recorded meanwhile: decide against it.
                                : decide(connection, admin, account, eventId, amount, reason, false));
            });
        });
    }

    private Uni<Decision> existing(SqlConnection connection, Row row, String admin, String account, String eventId,
                                   long amount, String reason) {
        if (!row.getString("account").equals(account) || row.getLong("amount") != amount || !row.getString("reason").equals(reason)) {
            throw new ApiException(ErrorCode.EVENT_ID_REUSED, "Event id " + eventId + " names another admin credit ("
                    + row.getLong("amount") + " tokens to " + row.getString("account") + ").");
        }
        if (row.getString("approved_by") != null) {
            return Uni.createFrom().item(Decision.CREDIT);
        }
        if (row.getString("proposed_by").equals(admin)) {
            return Uni.createFrom().item(Decision.AWAIT_SECOND_ADMIN);
        }
        return connection.preparedQuery(CONFIRM).execute(Tuple.of(eventId, admin)).replaceWith(Decision.CREDIT);
    }
}
