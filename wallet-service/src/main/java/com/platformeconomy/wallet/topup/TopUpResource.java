package com.platformeconomy.wallet.topup;

import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.contracts.security.Ownership;
import com.platformeconomy.wallet.balance.Accounts;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/topups")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TopUpResource {

    public record TopUpRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}", message = "must be 1-128 letters, digits or :._@-")
            String topupId,
            @NotBlank String account,
            @NotNull @Positive Long amountTokens) {
    }

    public record TopUpView(String topupId, String account, long amountTokens, String state, String failure) {
        static TopUpView of(TopUp topUp) {
            return new TopUpView(topUp.topupId, topUp.account, topUp.amountTokens, topUp.state.name(), topUp.failure);
        }
    }

    private final TopUpSaga saga;
    private final SecurityIdentity caller;

    public TopUpResource(TopUpSaga saga, SecurityIdentity caller) {
        this.saga = saga;
        this.caller = caller;
    }

    /** Starts a top-up and answers the saga's state once it has gone as far as it can now (201; a replay 200). */
    @POST
    public Uni<Response> start(@Valid @NotNull TopUpRequest request) {
        Accounts.require(request.account());
        Ownership.requireOwnerOrPrivileged(caller, request.account());
        return saga.find(request.topupId()).chain(existing -> saga.start(request.topupId(), request.account(), request.amountTokens())
                .map(topUp -> Response.status(existing == null ? 201 : 200).entity(TopUpView.of(topUp)).build()));
    }

    @GET
    @Path("/{topup_id}")
    public Uni<TopUpView> get(@PathParam("topup_id") String topupId) {
        return saga.find(topupId).map(topUp -> {
            if (topUp == null) {
                throw ApiException.notFound("unknown_topup", "No top-up '" + topupId + "'.");
            }
            Ownership.requireOwnerOrPrivileged(caller, topUp.account);
            return TopUpView.of(topUp);
        });
    }
}
