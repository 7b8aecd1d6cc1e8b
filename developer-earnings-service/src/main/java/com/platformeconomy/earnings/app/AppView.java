package com.platformeconomy.earnings.app;

import com.platformeconomy.contracts.money.RevenueSplit;

/**
 * An app as the API shows it, with what one paid call costs a non-BYOLLM user and how it splits
 * at the app's fixed {@code revenue_split_dev} (null shares until the app is first approved).
 */
public record AppView(String appId, String developerId, String name, String status, String pricingModel,
                      long basePrice, long platformFee, Integer revenueSplitDev, long version,
                      long totalCost, Long developerShare, Long platformShare) {

    public static AppView of(App app) {
        long total = Math.addExact(app.basePrice, app.platformFee);
        RevenueSplit.Shares shares = app.revenueSplitDev == null ? null : RevenueSplit.split(total, app.revenueSplitDev);
        return new AppView(app.appId, app.developerId, app.name, app.status, app.pricingModel,
                app.basePrice, app.platformFee, app.revenueSplitDev, app.version, total,
                shares == null ? null : shares.developerShare(), shares == null ? null : shares.platformShare());
    }
}
