package com.platformeconomy.earnings.app;

/** An app as the API shows it. */
public record AppView(String appId, String developerId, String name, String status, String pricingModel,
                      long basePrice, long platformFee, Integer revenueSplitDev, long version) {

    static AppView of(App app) {
        return new AppView(app.appId, app.developerId, app.name, app.status, app.pricingModel,
                app.basePrice, app.platformFee, app.revenueSplitDev, app.version);
    }
}
