package com.platformeconomy.goal.goal;

import com.platformeconomy.contracts.identity.Roles;
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
public class GoalResource {

    private final GoalService goals;
    private final SecurityIdentity caller;

    public GoalResource(GoalService goals, SecurityIdentity caller) {
        this.goals = goals;
        this.caller = caller;
    }

    /** A trading goal: 201 when new, 200 with the stored goal when replayed, 409 when the request id was used for other values. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(@Valid @NotNull GoalRequest request) {
        return goals.create(request.toNewGoal(caller.getPrincipal().getName())).map(created -> Response
                .status(created.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(GoalView.of(created.goal()))
                .build());
    }

    /** Goals, newest first, optionally only of one type, one status, or the one a request id created. */
    @GET
    @Authenticated
    public Uni<List<GoalView>> list(@QueryParam("type") String type, @QueryParam("status") String status,
                                    @QueryParam("request_id") String requestId) {
        return goals.list(type, status, requestId).map(found -> found.stream().map(GoalView::of).toList());
    }

    @GET
    @Path("{goalId}")
    @Authenticated
    public Uni<GoalView> get(@PathParam("goalId") String goalId) {
        return goals.get(goalId).map(GoalView::of);
    }
}
