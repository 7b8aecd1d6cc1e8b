package com.platformeconomy.earnings.developer;

import java.time.OffsetDateTime;

/** A developer's tier as the API shows it: the tier in force, its split and when it ends (null: never). */
public record TierView(String developerId, String tier, int revenueSplitDev, OffsetDateTime expiresAt) {
}
