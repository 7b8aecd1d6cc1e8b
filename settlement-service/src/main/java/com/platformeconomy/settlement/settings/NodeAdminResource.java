package com.platformeconomy.settlement.settings;

import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.settlement.usage.UsageRecordRequest.Ids;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Who owns which node (SPEC §10 "Nodes have owners"). Registration is the only way a node comes
 * to exist here: an admin, or a service acting for the node's onboarding, names its operator. No
 * report, setting or join claims a node for whoever touched it first. Moving a node is an admin's
 * decision alone.
 */
@Path("/api/admin/nodes")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class NodeAdminResource {

    public record Registration(
            @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
            @NotBlank @Pattern(regexp = AccountIds.NODE_OPERATOR, message = AccountIds.NODE_OPERATOR_MESSAGE) String operatorId,
            /* Optional, flat by default; taken when the node is first registered. */
            @Pattern(regexp = "flat|regional|central", message = "must be flat, regional or central") String nodeTier) {
    }

    public record Move(
            @NotBlank @Pattern(regexp = AccountIds.NODE_OPERATOR, message = AccountIds.NODE_OPERATOR_MESSAGE) String operatorId) {
    }

    /** A node and its owner, as services (revenue-service's compute reports) look it up. */
    public record NodeOwner(String nodeId, String operatorId, String nodeTier) {
        static NodeOwner of(ComputeSettingsView view) {
            return new NodeOwner(view.nodeId(), view.operatorId(), view.nodeTier());
        }
    }

    private final ComputeSettingsService settings;
    private final SecurityIdentity caller;

    public NodeAdminResource(ComputeSettingsService settings, SecurityIdentity caller) {
        this.settings = settings;
        this.caller = caller;
    }

    /** 201 when registered now, 200 when it already was this operator's, 409 when another operator's. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> register(@Valid @NotNull Registration registration) {
        return settings.register(caller, registration.nodeId(), registration.operatorId(),
                        registration.nodeTier() == null ? "flat" : registration.nodeTier())
                .chain(created -> settings.registered(registration.nodeId())
                        .map(view -> Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                                .entity(NodeOwner.of(view)).build()));
    }

    @GET
    @Path("/{node_id}")
    @RolesAllowed({Roles.ADMIN, Roles.REVENUE_SERVICE}) // revenue binds compute reports to the owner
    public Uni<NodeOwner> owner(@RestPath("node_id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId) {
        return settings.registered(nodeId).map(NodeOwner::of);
    }

    /** Moves the node to another operator; usage already recorded stays with the operator it was recorded for. */
    @PUT
    @Path("/{node_id}/operator")
    @RolesAllowed(Roles.ADMIN)
    public Uni<NodeOwner> move(@RestPath("node_id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
                               @Valid @NotNull Move move) {
        return settings.move(caller, nodeId, move.operatorId()).map(NodeOwner::of);
    }
}
