package com.platformeconomy.goal.goal;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import com.platformeconomy.contracts.event.GoalRequested;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

@Path("/api/goals")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "goals", description = "Trading goals: a budget, a strategy, a market, a maximum loss; paper until a vote takes them live.")
public class GoalResource {

    private final GoalService goals;
    private final SecurityIdentity caller;
    private final GoalReaders readers;

    public GoalResource(GoalService goals, SecurityIdentity caller, GoalReaders readers) {
        this.readers = readers;
        this.goals = goals;
        this.caller = caller;
    }

    /** A trading goal: 201 when new, 200 with the stored goal when replayed, 409 when the request id was used for other values. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createGoal", summary = "Create a trading goal",
            description = "Creates a paper trading goal, idempotent on `request_id`: the same request again answers 200 with "
                    + "the stored goal and creates nothing; the id with other values, or an id whose request goal-service refused and told "
                    + "so on `goals.events`, is 409 `request_id_reused`. A `request_id` starting `revenue-funding:` "
                    + "is 403: those are revenue-service's auto-funding requests, which come only over Kafka; so is a "
                    + "`funding_source` of `platform_revenue`, which only those requests name. A goal "
                    + "cannot be created live (`live_requires_vote`): only a passed vote takes a goal live. The example is "
                    + "the seed's auto-funding: an excess of 1,200 tokens past the 1,000 threshold reserves 10%, 120 tokens.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "auto-funded", value = "{\"request_id\":\"auto-funding:2026-12\",\"type\":\"trading\",\"title\":\"Auto-funded long-term goal\",\"strategy\":\"long_term\",\"market\":\"crypto\",\"budget_tokens\":120,\"max_loss_percent\":10,\"funding_source\":\"revenue:auto_funding\"}")))
    @APIResponse(responseCode = "201", description = "Created.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GoalView.class), examples = @ExampleObject(name = "created", value = "{\"goal_id\":\"goal-7f3a\",\"request_id\":\"auto-funding:2026-12\",\"type\":\"trading\",\"title\":\"Auto-funded long-term goal\",\"strategy\":\"long_term\",\"market\":\"crypto\",\"budget_tokens\":120,\"max_loss_percent\":10,\"mode\":\"paper\",\"status\":\"active\",\"funding_source\":\"revenue:auto_funding\",\"created_by\":\"service:revenue-service\",\"created_at\":\"2026-12-01T00:00:00Z\",\"updated_at\":\"2026-12-01T00:00:00Z\"}")))
    @APIResponse(responseCode = "200", description = "The same request again: the goal it created, unchanged.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GoalView.class)))
    @Extension(name = "x-problem-codes", value = "budget_too_large request_id_reused live_requires_vote")
    public Uni<Response> create(@Valid @NotNull GoalRequest request) {
        if (request.requestId().startsWith(GoalRequested.AUTO_FUNDING_PREFIX)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "request_id " + request.requestId() + " is revenue-service's: ids starting "
                    + GoalRequested.AUTO_FUNDING_PREFIX + " are auto-funding requests, which come only over goals.requests.");
        }
        if (GoalRequested.PLATFORM_REVENUE.equals(request.fundingSource())) {
            throw new ApiException(ErrorCode.FORBIDDEN, "funding_source " + GoalRequested.PLATFORM_REVENUE + " is revenue-service's: "
                    + "only its auto-funding decisions, over goals.requests, fund a goal from the platform's revenue.");
        }
        return goals.create(request.toNewGoal(caller.getPrincipal().getName())).map(created -> Response
                .status(created.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(GoalView.of(created.goal()))
                .build());
    }

    /** Goals, newest first, optionally only of one type, one status, or the one a request id created. */
    @GET
    @Authenticated
    @Operation(operationId = "listGoals", summary = "List trading goals",
            description = "Goals, newest first, optionally only of one `type`, one `status` (active, stopped, completed) or "
                    + "the one a `request_id` created. An admin or a voter (`goal.vote.voter-role`): the platform's funds.")
    @APIResponse(responseCode = "200", description = "The goals.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = GoalView.class),
            examples = @ExampleObject(name = "one goal", value = "[{\"goal_id\":\"goal-7f3a\",\"request_id\":\"auto-funding:2026-12\",\"type\":\"trading\",\"title\":\"Auto-funded long-term goal\",\"strategy\":\"long_term\",\"market\":\"crypto\",\"budget_tokens\":120,\"max_loss_percent\":10,\"mode\":\"paper\",\"status\":\"active\",\"funding_source\":\"revenue:auto_funding\",\"created_by\":\"service:revenue-service\",\"created_at\":\"2026-12-01T00:00:00Z\",\"updated_at\":\"2026-12-01T00:00:00Z\"}]")))
    @Extension(name = "x-problem-codes", value = "invalid_status")
    public Uni<List<GoalView>> list(@QueryParam("type") String type, @QueryParam("status") String status,
                                    @QueryParam("request_id") String requestId) {
        readers.require();
        return goals.list(type, status, requestId).map(found -> found.stream().map(GoalView::of).toList());
    }

    @GET
    @Path("{goalId}")
    @Authenticated
    @Operation(operationId = "getGoal", summary = "Get a trading goal", description = "One goal by its id. An admin or a voter (`goal.vote.voter-role`).")
    @APIResponse(responseCode = "200", description = "The goal.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = GoalView.class), examples = @ExampleObject(name = "goal", value = "{\"goal_id\":\"goal-7f3a\",\"request_id\":\"auto-funding:2026-12\",\"type\":\"trading\",\"title\":\"Auto-funded long-term goal\",\"strategy\":\"long_term\",\"market\":\"crypto\",\"budget_tokens\":120,\"max_loss_percent\":10,\"mode\":\"paper\",\"status\":\"active\",\"funding_source\":\"revenue:auto_funding\",\"created_by\":\"service:revenue-service\",\"created_at\":\"2026-12-01T00:00:00Z\",\"updated_at\":\"2026-12-01T00:00:00Z\"}")))
    @Extension(name = "x-problem-codes", value = "goal_not_found")
    public Uni<GoalView> get(@PathParam("goalId") String goalId) {
        readers.require();
        return goals.get(goalId).map(GoalView::of);
    }
}
