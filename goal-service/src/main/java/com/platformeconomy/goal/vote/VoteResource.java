package com.platformeconomy.goal.vote;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.goal.config.GoalConfig;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The live-trading vote of a goal. Voting needs the configured voter role (goal.vote.voter-role). */
@Path("/api/goals/{goalId}")
@Produces(MediaType.APPLICATION_JSON)
public class VoteResource {

    private final VoteService votes;
    private final SecurityIdentity caller;
    private final GoalConfig config;

    public VoteResource(VoteService votes, SecurityIdentity caller, GoalConfig config) {
        this.votes = votes;
        this.caller = caller;
        this.config = config;
    }

    /** Opens the vote: 201 with the proposal; 409 when one is already open or the goal is live or not active. */
    @POST
    @Path("live-proposal")
    @Authenticated
    public Uni<Response> propose(@PathParam("goalId") String goalId) {
        if (!caller.hasRole(Roles.ADMIN) && !caller.hasRole(config.vote().voterRole())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an admin or an eligible voter may propose live trading.");
        }
        return votes.open(goalId, caller.getPrincipal().getName())
                .map(proposal -> Response.status(Response.Status.CREATED).entity(proposal).build());
    }

    @GET
    @Path("live-proposal")
    @Authenticated
    public Uni<ProposalView> latest(@PathParam("goalId") String goalId) {
        return votes.latest(goalId);
    }

    /** One vote by the token's subject: 201 with the count; 409 for a second vote, an expired or missing proposal. */
    @POST
    @Path("votes")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> vote(@PathParam("goalId") String goalId, @Valid @NotNull VoteRequest request) {
        if (!caller.hasRole(config.vote().voterRole())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only holders of the role '" + config.vote().voterRole() + "' may vote.");
        }
        return votes.vote(goalId, caller.getPrincipal().getName(), request.approves())
                .map(proposal -> Response.status(Response.Status.CREATED).entity(proposal).build());
    }
}
