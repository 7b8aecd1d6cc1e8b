package com.platformeconomy.contracts.event;

/**
 * The state and pricing of an app as wallet-service needs them to price a charge (SPEC §4).
 * Topic {@link Topics#APP_CATALOG} (compacted), key the app id; {@code version} grows with every
 * change so that a reader keeps only the newest.
 */
public record AppCatalogEntry(
        String appId,
        String developerId,
        String status,
        String pricingModel,
        long basePrice,
        long platformFee,
        int revenueSplitDev,
        long version) {

    public static final String TYPE = "com.platformeconomy.earnings.app.changed";
}
