package com.platformeconomy.earnings.adjustment;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.earnings.developer.DeveloperService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

@ApplicationScoped
public class AdjustmentService {

    private final DeveloperService developers;

    public AdjustmentService(DeveloperService developers) {
        this.developers = developers;
    }

    /** Records the adjustment under the developer's lock, so it is ordered with payout requests. */
    @WithTransaction
    public Uni<Adjustment> add(String admin, AdjustmentRequest request) {
        if (request.amount() == 0) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.ZERO_ADJUSTMENT, "An adjustment of 0 changes nothing."));
        }
        return developers.lock(request.developerId()).chain(() -> {
            Adjustment adjustment = new Adjustment();
            adjustment.developerId = request.developerId();
            adjustment.amount = request.amount();
            adjustment.adminNote = request.adminNote().strip();
            adjustment.createdBy = admin;
            adjustment.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
            return adjustment.<Adjustment>persistAndFlush();
        });
    }
}
