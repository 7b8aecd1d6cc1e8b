package com.platformeconomy.earnings.app;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.contracts.outbox.Outbox;
import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.earnings.config.EarningsConfig;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The app life cycle; every change is published to app.catalog through the outbox. */
@ApplicationScoped
public class AppService {

    private final EarningsConfig config;
    private final Outbox outbox;

    public AppService(EarningsConfig config, Outbox outbox) {
        this.config = config;
        this.outbox = outbox;
    }

    @WithTransaction
    public Uni<App> create(String developerId, CreateAppRequest request) {
        if ("free".equals(request.pricingModel()) && request.basePrice() != 0) {
            return Uni.createFrom().failure(ApiException.badRequest("free_app_with_price",
                    "A free app has base_price 0."));
        }
        return App.<App>findById(request.appId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(ApiException.conflict("app_exists",
                        "An app with app_id " + request.appId() + " exists already."));
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            App app = new App();
            app.appId = request.appId();
            app.developerId = developerId;
            app.name = request.name();
            app.status = "draft";
            app.pricingModel = request.pricingModel();
            app.basePrice = request.basePrice();
            app.platformFee = "paid".equals(request.pricingModel()) ? config.defaultPlatformFee() : 0;
            app.createdAt = now;
            app.updatedAt = now;
            return app.<App>persistAndFlush().call(this::publish);
        });
    }

    private Uni<Void> publish(App app) {
        AppCatalogEntry entry = new AppCatalogEntry(app.appId, app.developerId, app.status, app.pricingModel,
                app.basePrice, app.platformFee, app.revenueSplitDev == null ? 0 : app.revenueSplitDev, app.version);
        return outbox.add(Topics.APP_CATALOG, CloudEvent.of("app:" + app.appId + ":v" + app.version,
                AppCatalogEntry.TYPE, "/developer-earnings-service", app.appId, Instant.now(), entry));
    }
}
