package com.platformeconomy.wallet.ledger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Who asked for a movement of someone else's tokens (SPEC §10, four eyes): the token's subject of an
 * admin's credit, debit, charge or capture, or a service's debit, kept in {@code movement_actor}
 * before the movement runs. The ledger says what moved; this says who asked, so that an admin moving
 * tokens to an accomplice (with a second identity, or another admin's help) can be traced. A user
 * moving its own tokens is recorded by the movement itself.
 */
@ApplicationScoped
public class MovementActors {

    /** The routes that record their caller. */
    public static final String CREDIT = "credit";
    public static final String DEBIT = "debit";
    public static final String CHARGE = "charge";
    public static final String CAPTURE = "capture";

    private static final String INSERT = """
            INSERT INTO movement_actor (event_id, actor, route) SELECT unnest($1::text[]), $2, $3
            ON CONFLICT DO NOTHING""";

    private final Pool pool;

    public MovementActors(Pool pool) {
        this.pool = pool;
    }

    /** Records that {@code actor} asked for the movements {@code eventIds} on {@code route}; fails (503) when PostgreSQL is away. */
    public Uni<Void> asked(List<String> eventIds, String actor, String route) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(INSERT).execute(Tuple.of(eventIds.toArray(new String[0]), actor, route)).replaceWithVoid();
    }

    /** As {@link #asked(List, String, String)} for one movement, unless {@code actor} is the account moved (its own tokens). */
    public Uni<Void> asked(String eventId, String actor, String account, String route) {
        return actor.equals(account) ? Uni.createFrom().voidItem() : asked(List.of(eventId), actor, route);
    }
}
