package com.platformeconomy.earnings.app;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.contracts.event.CloudEvent;
import com.platformeconomy.contracts.event.Topics;
import com.platformeconomy.platform.outbox.Outbox;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.earnings.config.EarningsConfig;
import com.platformeconomy.earnings.developer.DeveloperService;
import com.platformeconomy.earnings.developer.TierService;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import jakarta.persistence.LockModeType;
import java.util.function.Consumer;

/** The app life cycle; every change is published to app.catalog through the outbox. */
@ApplicationScoped
public class AppService {

    private final EarningsConfig config;
    private final Outbox outbox;
    private final DeveloperService developers;
    private final TierService tiers;

    public AppService(EarningsConfig config, Outbox outbox, DeveloperService developers, TierService tiers) {
        this.config = config;
        this.outbox = outbox;
        this.developers = developers;
        this.tiers = tiers;
    }

    @WithTransaction
    public Uni<App> create(String developerId, CreateAppRequest request) {
        if ("free".equals(request.pricingModel()) && request.basePrice() != 0) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.FREE_APP_WITH_PRICE,
                    "A free app has base_price 0."));
        }
        return developers.findOrCreate(developerId).chain(ignored -> App.<App>findById(request.appId())).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.APP_EXISTS,
                        "An app with app_id " + request.appId() + " exists already."));
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            App app = new App();
            app.appId = request.appId();
            app.developerId = developerId;
            app.name = request.name();
            app.status = AppState.DRAFT.wire();
            app.pricingModel = request.pricingModel();
            app.basePrice = request.basePrice();
            app.platformFee = "paid".equals(request.pricingModel()) ? config.defaultPlatformFee() : 0;
            app.createdAt = now;
            app.updatedAt = now;
            return app.<App>persistAndFlush().call(this::publish);
        });
    }

    /** The app, if {@code caller} owns it or {@code privileged}; 404 otherwise (no hint that it exists). */
    @WithSession
    public Uni<App> get(String appId, String caller, boolean privileged) {
        return owned(appId, caller, privileged);
    }

    /** The caller's apps by name; every developer's for {@code privileged} (at most {@code limit}). */
    @WithSession
    public Uni<List<App>> listed(String caller, boolean privileged, int limit) {
        return (privileged ? App.<App>find("order by developerId, name, appId")
                : App.<App>find("developerId = ?1 order by name, appId", caller)).range(0, limit - 1).list();
    }

    /**
     * Pricing and name change only in draft or suspended, never while an admin reviews the app
     * (what the admin approves is what they saw); an edit of a suspended app sends it back through
     * review. The platform fee only by an admin.
     */
    @WithTransaction
    public Uni<App> edit(String appId, String caller, boolean admin, EditAppRequest request) {
        // An admin's edit of another's app is written down: that admin does not approve it (approve).
        if (request.isEmpty()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.NOTHING_TO_CHANGE, "The request names no field to change."));
        }
        if (request.platformFee() != null && !admin) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.FORBIDDEN, "Only an admin sets an app's platform_fee."));
        }
        return owned(appId, caller, admin).chain(app -> {
            AppState.require(app, "editing", AppState.EDITABLE);
            String model = request.pricingModel() != null ? request.pricingModel() : app.pricingModel;
            long basePrice = request.basePrice() != null ? request.basePrice()
                    : "free".equals(model) && request.pricingModel() != null ? 0 : app.basePrice;
            if ("free".equals(model) && basePrice != 0) {
                throw new ApiException(ErrorCode.FREE_APP_WITH_PRICE, "A free app has base_price 0.");
            }
            Long override = request.platformFee() != null ? request.platformFee() : app.platformFeeOverride;
            return change(app, a -> {
                if (request.name() != null) {
                    a.name = request.name();
                }
                a.pricingModel = model;
                a.basePrice = basePrice;
                a.platformFeeOverride = override;
                a.platformFee = "paid".equals(model) ? (override != null ? override : config.defaultPlatformFee()) : 0;
                if (a.state() == AppState.SUSPENDED) {
                    a.changedSinceApproval = true;
                }
            }).call(edited -> edited.developerId.equals(caller) ? Uni.createFrom().voidItem()
                    : Panache.getSession().chain(session -> session.createNativeQuery(EDITED_BY)
                            .setParameter("app", appId).setParameter("editor", caller).executeUpdate()));
        });
    }

    private static final String EDITED_BY = "INSERT INTO app_editor (app_id, editor) VALUES (:app, :editor) ON CONFLICT DO NOTHING";
    private static final String EDITORS = "SELECT editor FROM app_editor WHERE app_id = :app";
    private static final String APPROVED = "DELETE FROM app_editor WHERE app_id = :app";

    /** draft or suspended → pending_review, by the app's developer. */
    @WithTransaction
    public Uni<App> submit(String appId, String caller, boolean admin) {
        return owned(appId, caller, admin).chain(app -> {
            AppState.requireMove(app, "submitting", AppState.PENDING_REVIEW);
            return change(app, a -> a.moveTo(AppState.PENDING_REVIEW));
        });
    }

    /** active → suspended, by the app's developer or an admin. */
    @WithTransaction
    public Uni<App> pause(String appId, String caller, boolean admin) {
        return owned(appId, caller, admin).chain(app -> {
            AppState.requireMove(app, "pausing", AppState.SUSPENDED);
            return change(app, a -> a.moveTo(AppState.SUSPENDED));
        });
    }

    /**
     * pending_review or suspended → active, by an admin: fixes revenue_split_dev from the developer's
     * tier now on a first approval or after an edit; a later tier change leaves it alone until the app
     * is edited and approved again (a pause and an approval without an edit keep it). A suspended app
     * edited since its last approval must be submitted for review first. The row is locked, so an
     * edit cannot slip in between the admin's look and the approval.
     */
    @WithTransaction
    public Uni<App> approve(String appId, SecurityIdentity admin) {
        return App.<App>findById(appId, LockModeType.PESSIMISTIC_WRITE).chain(app -> {
            if (app == null) {
                throw new ApiException(ErrorCode.UNKNOWN_APP, "There is no app " + appId + ".");
            }
            Ownership.refuseOwnAccount(admin, app.developerId, "approve an app");
            AppState.requireMove(app, "approval", AppState.ACTIVE);
            if (app.state() == AppState.SUSPENDED && app.changedSinceApproval) {
                throw new ApiException(ErrorCode.REVIEW_REQUIRED, "App " + appId + " was edited since it was last approved "
                        + "(base_price " + app.basePrice + "); its developer must submit it for review first.");
            }
            String approver = admin.getPrincipal().getName();
            return Panache.getSession().chain(session -> session.createNativeQuery(EDITORS, String.class)
                            .setParameter("app", appId).getResultList()
                            .invoke(editors -> {
                                if (editors.contains(approver)) {
                                    throw new ApiException(ErrorCode.FORBIDDEN, "An admin does not approve an app it edited "
                                            + "since its last approval (" + appId + ", base_price " + app.basePrice
                                            + ", platform_fee " + app.platformFee + "): another admin reviews it.");
                                }
                            })
                            // SPEC §4: the split of an app approved before changes only once it is edited and approved
                            // again; a pause and an approval without an edit keep it, whatever the tier became since.
                            .chain(() -> app.revenueSplitDev == null || app.changedSinceApproval
                                    ? tiers.splitToApprove(app.developerId, approver) : Uni.createFrom().item(app.revenueSplitDev))
                            .call(() -> session.createNativeQuery(APPROVED).setParameter("app", appId).executeUpdate()))
                    .chain(split -> change(app, a -> {
                a.moveTo(AppState.ACTIVE);
                a.revenueSplitDev = split;
                a.changedSinceApproval = false;
            }));
        });
    }

    private Uni<App> owned(String appId, String caller, boolean privileged) {
        // Locked: an edit and an approval of one app are applied one after the other, never interleaved.
        return App.<App>findById(appId, LockModeType.PESSIMISTIC_WRITE).map(app -> {
            if (app == null || (!privileged && !app.developerId.equals(caller))) {
                throw new ApiException(ErrorCode.UNKNOWN_APP, "There is no app " + appId + " of yours.");
            }
            return app;
        });
    }

    /** Applies {@code mutation}, flushes (the version grows) and queues the new catalog entry. */
    private Uni<App> change(App app, Consumer<App> mutation) {
        mutation.accept(app);
        app.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
        return app.<App>persistAndFlush().call(this::publish);
    }

    private Uni<Void> publish(App app) {
        AppCatalogEntry entry = new AppCatalogEntry(app.appId, app.developerId, app.status, app.pricingModel,
                app.basePrice, app.platformFee, app.revenueSplitDev == null ? 0 : app.revenueSplitDev, app.version);
        return outbox.add(Topics.APP_CATALOG, CloudEvent.of("app:" + app.appId + ":v" + app.version,
                AppCatalogEntry.TYPE, Topics.source(Topics.EARNINGS), app.appId, Instant.now(), entry));
    }
}
