package com.platformeconomy.earnings.developer;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Developers come into being at first use, with the explorer tier ("automatic at signup"). */
@ApplicationScoped
public class DeveloperService {

    /** The developer, created as an explorer if new; runs inside the caller's transaction. */
    public Uni<Developer> findOrCreate(String developerId) {
        return Developer.<Developer>findById(developerId).chain(found -> found != null
                ? Uni.createFrom().item(found)
                : ensure(developerId).chain(() -> Developer.<Developer>findById(developerId)));
    }

    /**
     * The developer's row, created if new, read and locked until the transaction ends: tier
     * purchases, payouts and adjustments of one developer are decided one at a time, so concurrent
     * requests cannot together pass a limit or buy twice. Call it before anything else in the
     * transaction reads the developer, so that what it returns is read under the lock.
     */
    public Uni<Developer> lock(String developerId) {
        return ensure(developerId).chain(() -> Developer.<Developer>findById(developerId, LockModeType.PESSIMISTIC_WRITE));
    }

    private static Uni<Void> ensure(String developerId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // ON CONFLICT: two first requests of one developer at once must not fail one of them.
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                INSERT INTO developers (developer_id, tier, created_at, updated_at)
                                VALUES (:id, 'explorer', :now, :now) ON CONFLICT (developer_id) DO NOTHING""")
                        .setParameter("id", developerId)
                        .setParameter("now", now)
                        .executeUpdate())
                .replaceWithVoid();
    }
}
