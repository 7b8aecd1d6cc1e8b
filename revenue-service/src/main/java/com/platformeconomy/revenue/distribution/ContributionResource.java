package com.platformeconomy.revenue.distribution;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.revenue.config.RevenueConfig;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

@Path("/api/revenue/contributions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ContributionResource {

    public record ContributionRequest(@NotNull @PositiveOrZero Long contributionScore) {
    }

    public record ContributionView(String account, long contributionScore) {
    }

    private final RevenueConfig config;

    public ContributionResource(RevenueConfig config) {
        this.config = config;
    }

    /** Sets an account's contribution score (admin): the weight of its share of the user pool. */
    @PUT
    @Path("/{account}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    public Uni<ContributionView> put(
            @PathParam("account") @Pattern(regexp = "user:[A-Za-z0-9._@-]{1,120}", message = "must be a user account") String account,
            @Valid @NotNull ContributionRequest request) {
        if (request.contributionScore() > config.maxContributionScore()) {
            throw new ApiException(ErrorCode.SCORE_TOO_LARGE,
                    "contribution_score may be at most " + config.maxContributionScore() + ".");
        }
        return Contribution.<Contribution>findById(account).chain(found -> {
            Contribution contribution = found != null ? found : new Contribution();
            contribution.account = account;
            contribution.score = request.contributionScore();
            contribution.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
            return contribution.<Contribution>persist();
        }).map(saved -> new ContributionView(saved.account, saved.score));
    }
}
