package com.platformeconomy.revenue.distribution;

import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.revenue.config.RevenueConfig;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

@Path("/api/revenue/contributions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "contributions", description = "Users' contribution scores: their weights in the 90% user pool.")
public class ContributionResource {

    public record ContributionRequest(@NotNull @PositiveOrZero Long contributionScore) {
    }

    public record ContributionView(String account, long contributionScore) {
    }

    private final RevenueConfig config;
    private final SecurityIdentity caller;

    public ContributionResource(RevenueConfig config, SecurityIdentity caller) {
        this.config = config;
        this.caller = caller;
    }

    /** Sets an account's contribution score (admin): the weight of its share of the user pool. */
    @PUT
    @Path("/{account}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(operationId = "setContributionScore", summary = "Set a user's contribution score",
            description = "Sets the user account's contribution score (0 or more, at most the configured maximum: 400 "
                    + "`score_too_large`), its weight in the user pool (90% of a period's gross) at the next distribution, "
                    + "shared by largest remainder: with scores 3 and 1, a user pool of 203 tokens becomes 152 and 51. Setting "
                    + "the same score again changes nothing and answers the same; 0 takes the account out of the pool. An admin "
                    + "never sets its own account's score (403: another admin does).",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field score_too_large"))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ContributionRequest.class),
            examples = @ExampleObject(name = "score-3", value = "{\"contribution_score\": 3}")))
    @APIResponse(responseCode = "200", description = "The account's score now.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContributionView.class),
                    examples = @ExampleObject(name = "score-3", value = "{\"account\": \"user:alice\", \"contribution_score\": 3}")))
    public Uni<ContributionView> put(
            @Parameter(description = "The user account, `user:…`.") @PathParam("account") @Pattern(regexp = AccountIds.USER, message = AccountIds.USER_MESSAGE) String account,
            @Valid @NotNull ContributionRequest request) {
        Ownership.refuseOwnAccount(caller, account, "set the contribution score");
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
