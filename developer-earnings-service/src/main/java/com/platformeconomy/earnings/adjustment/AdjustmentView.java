package com.platformeconomy.earnings.adjustment;

import java.time.OffsetDateTime;

public record AdjustmentView(long adjustmentId, String developerId, long amount, String adminNote, String createdBy,
                             OffsetDateTime createdAt) {

    static AdjustmentView of(Adjustment a) {
        return new AdjustmentView(a.adjustmentId, a.developerId, a.amount, a.adminNote, a.createdBy, a.createdAt);
    }
}
