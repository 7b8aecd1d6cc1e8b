package com.platformeconomy.wallet.catalog;

import com.platformeconomy.platform.consumer.EventConsumer;
import com.platformeconomy.platform.consumer.Retry;
import com.platformeconomy.wallet.balance.Accounts;
import com.platformeconomy.wallet.charge.ChargeRequest;
import com.platformeconomy.wallet.redis.Answered;
import io.micrometer.core.instrument.MeterRegistry;
import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.contracts.money.RevenueSplit;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import com.platformeconomy.wallet.redis.WalletRedis;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.wallet.parking.ParkedEvents;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The app catalog as developer-earnings-service publishes it on {@code app.catalog}: kept in Redis
 * (where the charge script prices from it) and, for each app, its developer in memory, so that a
 * charge can name the developer's running-total key in KEYS without an extra round trip.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class AppCatalog {

    private static final Pattern APP_ID = Pattern.compile(ChargeRequest.APP_ID);

    private final WalletRedis redis;
    private final Answered answered;
    private final LuaScripts scripts;
    private final Map<String, String> developers = new ConcurrentHashMap<>();

    private final EventConsumer<Priced> consumer;

    private final Keys keys;

    public AppCatalog(Keys keys, WalletRedis redis, LuaScripts scripts, ParkedEvents parked, MeterRegistry registry, Answered answered) {
        this.answered = answered;
        this.keys = keys;
        this.redis = redis;
        this.scripts = scripts;
        // Never dropped silently (SPEC §10): an entry that cannot be read, priced, or is not
        // developer-earnings-service's (it could redirect a developer's share) is parked, and the
        // app keeps its stored entry.
        this.consumer = EventConsumer.of(ParkedEvents.APP_CATALOG, AppCatalog::read, parked, Retry.UNTIL_APPLIED, registry);
    }

    /** An entry and what it costs. */
    private record Priced(AppCatalogEntry entry, Prices prices) {
    }

    @Incoming("app-catalog")
    public Uni<Void> consume(String message) {
        return consumer.one(message, priced -> store(priced.entry(), priced.prices()));
    }

    private static Priced read(String message) {
        AppCatalogEntry entry = EventCodec.decodeFrom(Topics.APP_CATALOG, message, AppCatalogEntry.class).data();
        // What the charge script stores and every charge of the app carries on billing.events: an app id
        // the charge route takes, the developer's wallet account, a status and a pricing model.
        if (entry.appId() == null || !APP_ID.matcher(entry.appId()).matches()) {
            throw new MalformedEventException("app.catalog entry whose app_id is not an app id");
        }
        if (entry.developerId() == null || !Accounts.isDeveloper(entry.developerId())) {
            throw new MalformedEventException("app.catalog entry whose developer_id is not a dev:… account");
        }
        if (entry.status() == null || entry.pricingModel() == null) {
            throw new MalformedEventException("app.catalog entry without a status or a pricing_model");
        }
        try {
            return new Priced(entry, Prices.of(entry));
        } catch (IllegalArgumentException | ArithmeticException unpriceable) {
            throw new MalformedEventException("app.catalog entry that cannot be priced: " + unpriceable.getMessage(), unpriceable);
        }
    }

    /**
     * Stores {@code entry} unless a newer version of the app is stored already, with what one call
     * costs and what of it is the developer's, priced here by SPEC §2's rule (contracts'
     * {@link RevenueSplit}) so that the charge script does no money arithmetic.
     */
    public Uni<Void> put(AppCatalogEntry entry) {
        return store(entry, Prices.of(entry));
    }

    /** Into every bucket: a charge reads the entry in its user's bucket. Each copy keeps the newest version. */
    private Uni<Void> store(AppCatalogEntry entry, Prices prices) {
        List<String> args = List.of(
                Long.toString(entry.version()), entry.developerId(), entry.status(), entry.pricingModel(),
                Long.toString(entry.basePrice()), Long.toString(entry.platformFee()),
                Integer.toString(entry.revenueSplitDev()),
                Long.toString(prices.full().totalCost()), Long.toString(prices.full().developerShare()),
                Long.toString(prices.byollm().totalCost()), Long.toString(prices.byollm().developerShare()));
        return keys.eachBucket(bucket -> scripts.run(Script.CATALOG, List.of(bucket.app(entry.appId())), args))
                .invoke(() -> developers.put(entry.appId(), entry.developerId()))
                .replaceWithVoid();
    }

    /**
     * What one call of the app costs and the developer's part of it (SPEC §2), with and without the
     * platform fee; nothing for a free app. Throws for an entry that cannot be priced (a negative
     * price, a split outside 0..100, an overflow).
     */
    private record Prices(RevenueSplit.Shares full, RevenueSplit.Shares byollm) {

        static Prices of(AppCatalogEntry entry) {
            return new Prices(perCall(entry, false), perCall(entry, true));
        }

        private static RevenueSplit.Shares perCall(AppCatalogEntry entry, boolean byollm) {
            if (!"paid".equals(entry.pricingModel())) {
                return RevenueSplit.split(0, 0);
            }
            return RevenueSplit.split(RevenueSplit.totalCost(entry.basePrice(), entry.platformFee(), byollm),
                    entry.revenueSplitDev());
        }
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
        // Bucket 0's copy: every bucket's is written before an entry counts as stored.
        return answered.within(redis.call(Command.HGET, keys.bucket(0).app(appId), "developer_id"))
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
