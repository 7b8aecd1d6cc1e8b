package com.platformeconomy.goal.vote;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.goal.config.GoalConfig;
import com.platformeconomy.goal.goal.GoalReaders;
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
@Tag(name = "live-trading-votes", description = "The constitutional vote that alone can take a goal live: a proposal, one vote per voter, quorum, threshold, deadline.")
public class VoteResource {

    private final VoteService votes;
    private final SecurityIdentity caller;
    private final GoalConfig config;
    private final GoalReaders readers;

    public VoteResource(VoteService votes, SecurityIdentity caller, GoalConfig config, GoalReaders readers) {
        this.readers = readers;
        this.votes = votes;
        this.caller = caller;
        this.config = config;
    }

    /** Opens the vote: 201 with the proposal; 409 when one is already open or the goal is live or not active. */
    @POST
    @Path("live-proposal")
    @Authenticated
    @Operation(operationId = "proposeLiveTrading", summary = "Open a vote to take a goal live",
            description = "Opens the goal's live-trading vote with the configured quorum, threshold and deadline. An admin "
                    + "or a holder of the voter role (`goal.vote.voter-role`) may propose. 409 when a vote is already open, "
                    + "the goal is already live or no longer active.")
    @APIResponse(responseCode = "201", description = "The proposal, open.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProposalView.class), examples = @ExampleObject(name = "opened", value = "{\"proposal_id\":\"prop-1\",\"goal_id\":\"goal-7f3a\",\"status\":\"open\",\"opened_by\":\"user:alice\",\"opened_at\":\"2026-12-01T00:00:00Z\",\"deadline\":\"2026-12-08T00:00:00Z\",\"quorum\":3,\"threshold_numerator\":2,\"threshold_denominator\":3,\"yes_votes\":0,\"no_votes\":0,\"goal_mode\":\"paper\"}")))
    @Extension(name = "x-problem-codes", value = "proposal_open already_live goal_not_active goal_not_found")
    public Uni<Response> propose(@PathParam("goalId") String goalId) {
        if (!readers.adminOrVoter()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only an admin or an eligible voter may propose live trading.");
        }
        return votes.open(goalId, caller.getPrincipal().getName())
                .map(proposal -> Response.status(Response.Status.CREATED).entity(proposal).build());
    }

    @GET
    @Path("live-proposal")
    @Authenticated
    @Operation(operationId = "getLiveProposal", summary = "Get a goal's latest live-trading vote",
            description = "The latest proposal of the goal with its count so far; `goal_mode` is live once it passed. An admin or a voter (`goal.vote.voter-role`).")
    @APIResponse(responseCode = "200", description = "The proposal.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProposalView.class), examples = @ExampleObject(name = "open", value = "{\"proposal_id\":\"prop-1\",\"goal_id\":\"goal-7f3a\",\"status\":\"open\",\"opened_by\":\"user:alice\",\"opened_at\":\"2026-12-01T00:00:00Z\",\"deadline\":\"2026-12-08T00:00:00Z\",\"quorum\":3,\"threshold_numerator\":2,\"threshold_denominator\":3,\"yes_votes\":1,\"no_votes\":0,\"goal_mode\":\"paper\"}")))
    @Extension(name = "x-problem-codes", value = "no_proposal goal_not_found")
    public Uni<ProposalView> latest(@PathParam("goalId") String goalId) {
        readers.require();
        return votes.latest(goalId);
    }

    /** One vote by the token's subject: 201 with the count; 409 for a second vote, an expired or missing proposal. */
    @POST
    @Path("votes")
    @Authenticated
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "voteOnLiveTrading", summary = "Vote on taking a goal live",
            description = "One vote by the token's subject, who must hold the voter role (`goal.vote.voter-role`): 201 with "
                    + "the count. When quorum and threshold are met the goal goes live. 409 for a second vote, an expired "
                    + "proposal or none open.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "yes", value = "{\"vote\":\"yes\"}")))
    @APIResponse(responseCode = "201", description = "Counted.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ProposalView.class), examples = @ExampleObject(name = "counted", value = "{\"proposal_id\":\"prop-1\",\"goal_id\":\"goal-7f3a\",\"status\":\"open\",\"opened_by\":\"user:alice\",\"opened_at\":\"2026-12-01T00:00:00Z\",\"deadline\":\"2026-12-08T00:00:00Z\",\"quorum\":3,\"threshold_numerator\":2,\"threshold_denominator\":3,\"yes_votes\":1,\"no_votes\":0,\"goal_mode\":\"paper\"}")))
    @Extension(name = "x-problem-codes", value = "already_voted no_open_proposal proposal_expired no_proposal goal_not_active already_live goal_not_found")
    public Uni<Response> vote(@PathParam("goalId") String goalId, @Valid @NotNull VoteRequest request) {
        if (!caller.hasRole(config.vote().voterRole())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only holders of the role '" + config.vote().voterRole() + "' may vote.");
        }
        return votes.vote(goalId, caller.getPrincipal().getName(), request.approves())
                .map(proposal -> Response.status(Response.Status.CREATED).entity(proposal).build());
    }
}
