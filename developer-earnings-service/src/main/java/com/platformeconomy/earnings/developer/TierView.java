package com.platformeconomy.earnings.developer;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A developer's tier as the API shows it: the tier in force, its split and when it ends (null: never). */
public record TierView(String developerId,
                       @Schema(enumeration = {"explorer", "indie", "studio", "partner"}) String tier,
                       int revenueSplitDev,
                       @Schema(nullable = true, description = "When the tier ends (explorer then); null for explorer, which never ends.")
                       OffsetDateTime expiresAt) {
}
