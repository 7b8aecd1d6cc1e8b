package com.platformeconomy.earnings.app;

import com.platformeconomy.contracts.money.RevenueSplit;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An app as the API shows it, with what one paid call costs a non-BYOLLM user and how it splits
 * at the app's fixed {@code revenue_split_dev} (null shares until the app is first approved).
 */
public record AppView(String appId, String developerId, String name,
                      @Schema(enumeration = {"draft", "pending_review", "active", "suspended"}) String status,
                      @Schema(enumeration = {"free", "paid"}) String pricingModel,
                      long basePrice, long platformFee,
                      @Schema(nullable = true, description = "The developer's percentage fixed at the last approval; null before the first.")
                      Integer revenueSplitDev,
                      long version, long totalCost,
                      @Schema(nullable = true, description = "Of total_cost, to the developer; null before the first approval.")
                      Long developerShare,
                      @Schema(nullable = true, description = "Of total_cost, to the platform; null before the first approval.")
                      Long platformShare) {

    public static AppView of(App app) {
        long total = Math.addExact(app.basePrice, app.platformFee);
        RevenueSplit.Shares shares = app.revenueSplitDev == null ? null : RevenueSplit.split(total, app.revenueSplitDev);
        return new AppView(app.appId, app.developerId, app.name, app.status, app.pricingModel,
                app.basePrice, app.platformFee, app.revenueSplitDev, app.version, total,
                shares == null ? null : shares.developerShare(), shares == null ? null : shares.platformShare());
    }
}
