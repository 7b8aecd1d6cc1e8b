package com.platformeconomy.wallet.catalog;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.wallet.parking.ParkedEvents;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The app catalog as developer-earnings-service publishes it on {@code app.catalog}: kept in Redis
 * (where the charge script prices from it) and, for each app, its developer in memory, so that a
 * charge can name the developer's running-total key in KEYS without an extra round trip.
 */
@ApplicationScoped
public class AppCatalog {

    private static final Logger LOG = Logger.getLogger(AppCatalog.class);

    private final Redis redis;
    private final LuaScripts scripts;
    private final Map<String, String> developers = new ConcurrentHashMap<>();

    private final ParkedEvents parked;

    public AppCatalog(Redis redis, LuaScripts scripts, ParkedEvents parked) {
        this.parked = parked;
        this.redis = redis;
        this.scripts = scripts;
    }

    @Incoming("app-catalog")
    public Uni<Void> consume(String message) {
        AppCatalogEntry entry;
        try {
            CloudEvent<AppCatalogEntry> event = EventCodec.decode(message, AppCatalogEntry.class);
            if (!Topics.fromOwner(Topics.APP_CATALOG, event.source())) {
                // An entry not from developer-earnings-service could redirect a developer's share (SPEC §10): parked, never stored.
                return parked.park(ParkedEvents.APP_CATALOG, event.id(), null,
                        Topics.notFromOwner(Topics.APP_CATALOG, event.source()), message);
            }
            entry = event.data();
        } catch (MalformedEventException e) {
            LOG.warnf("skipping a malformed app.catalog event: %s", e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return put(entry);
    }

    /** Stores {@code entry} unless a newer version of the app is stored already. */
    public Uni<Void> put(AppCatalogEntry entry) {
        return scripts.run(Script.CATALOG, List.of(Keys.app(entry.appId())), List.of(
                        Long.toString(entry.version()), entry.developerId(), entry.status(), entry.pricingModel(),
                        Long.toString(entry.basePrice()), Long.toString(entry.platformFee()),
                        Integer.toString(entry.revenueSplitDev())))
                .invoke(() -> developers.put(entry.appId(), entry.developerId()))
                .replaceWithVoid();
    }

    /** The app's developer: from memory, else from Redis; empty for an app the catalog does not know. */
    public Uni<Optional<String>> developerOf(String appId) {
        String known = developers.get(appId);
        if (known != null) {
            return Uni.createFrom().item(Optional.of(known));
        }
        return refresh(appId);
    }

    /** Reads the app's developer from Redis again (another replica may have stored a newer entry). */
    public Uni<Optional<String>> refresh(String appId) {
        return redis.send(Request.cmd(Command.HGET).arg(Keys.app(appId)).arg("developer_id"))
                .map(reply -> {
                    if (reply == null) {
                        developers.remove(appId);
                        return Optional.empty();
                    }
                    developers.put(appId, reply.toString());
                    return Optional.of(reply.toString());
                });
    }
}
