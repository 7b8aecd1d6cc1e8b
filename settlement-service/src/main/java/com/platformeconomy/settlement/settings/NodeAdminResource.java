package com.platformeconomy.settlement.settings;

import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.platform.security.Ownership;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Who owns which node (SPEC §10 "Nodes have owners"). Registration is the only way a node comes
 * to exist here: an admin, or a service acting for the node's onboarding, names its operator. No
 * report, setting or join claims a node for whoever touched it first. Moving a node is an admin's
 * decision alone.
 */
@Path("/api/admin/nodes")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "nodes", description = "Which operator owns which node: registration, look-up and moves.")
public class NodeAdminResource {

    static final String OWNER = "{\"node_id\": \"node-alice-1\", \"operator_id\": \"node-op:alice\", \"node_tier\": \"flat\"}";
    static final String OWNED = "{\"node_id\": \"node-alice-1\", \"operator_id\": \"node-op:alice\", \"node_tier\": \"flat\", "
            + "\"owners\": [{\"operator_id\": \"node-op:bob\", \"since\": \"2026-10-03T09:00:00Z\"}, "
            + "{\"operator_id\": \"node-op:alice\", \"since\": \"2026-11-20T14:30:00Z\"}]}";

    public record Registration(
            @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
            @NotBlank @Pattern(regexp = AccountIds.NODE_OPERATOR, message = AccountIds.NODE_OPERATOR_MESSAGE) String operatorId,
            /* Optional, flat by default; taken when the node is first registered. */
            @Pattern(regexp = "flat|regional|central", message = "must be flat, regional or central") String nodeTier) {
    }

    public record Move(
            @NotBlank @Pattern(regexp = AccountIds.NODE_OPERATOR, message = AccountIds.NODE_OPERATOR_MESSAGE) String operatorId) {
    }

    /**
     * A node and its owner, as services (revenue-service's compute reports) look it up; {@code owners}
     * (on that look-up only) is every owner since its registration, oldest first, each since when.
     */
    public record NodeOwner(String nodeId, String operatorId, String nodeTier,
                            @JsonInclude(JsonInclude.Include.NON_NULL) List<ComputeSettingsService.Tenure> owners) {
        static NodeOwner of(ComputeSettingsView view) {
            return new NodeOwner(view.nodeId(), view.operatorId(), view.nodeTier(), null);
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
    @Operation(operationId = "registerNode", summary = "Register a node to its operator",
            description = "Registration is the only way a node comes to exist here: an admin names its operator (a "
                    + "`node-op:` account) and optionally its tier (flat by default, taken only when first registered). 201 "
                    + "when registered now, 200 with the same answer when it already was this operator's (registering again "
                    + "is safe), 409 `node_already_registered` when another operator owns it (an admin moves it instead). An "
                    + "admin never registers a node to its own account (403: another admin does).",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field node_already_registered"))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Registration.class),
            examples = @ExampleObject(name = "flat-node", value = OWNER)))
    @APIResponse(responseCode = "201", description = "Registered now.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NodeOwner.class),
                    examples = @ExampleObject(name = "registered", value = OWNER)))
    @APIResponse(responseCode = "200", description = "Already registered to this operator: nothing changed.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NodeOwner.class),
                    examples = @ExampleObject(name = "already-registered", value = OWNER)))
    public Uni<Response> register(@Valid @NotNull Registration registration) {
        Ownership.refuseOwnAccount(caller, registration.operatorId(), "register a node");
        return settings.register(caller, registration.nodeId(), registration.operatorId(),
                        registration.nodeTier() == null ? "flat" : registration.nodeTier())
                .chain(created -> settings.registered(registration.nodeId())
                        .map(view -> Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                                .entity(NodeOwner.of(view)).build()));
    }

    @GET
    @Path("/{node_id}")
    @RolesAllowed({Roles.ADMIN, Roles.REVENUE_SERVICE}) // revenue binds compute reports to the owner
    @Operation(operationId = "getNodeOwner", summary = "Get a node's operator and tier",
            description = "The node's owner and tier, for an admin and for revenue-service, which binds each compute report "
                    + "to the node's owner at the report's month's end: `owners` lists every owner since the node was registered, "
                    + "oldest first, with the time it became the owner (`since`). 404 `unknown_node` for a node nobody registered.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_node"))
    @APIResponse(responseCode = "200", description = "The node and its owner.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NodeOwner.class),
                    examples = @ExampleObject(name = "owner", value = OWNED)))
    public Uni<NodeOwner> owner(@Parameter(description = "The node.") @RestPath("node_id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId) {
        return settings.registered(nodeId).chain(view -> settings.owners(nodeId)
                .map(owners -> new NodeOwner(view.nodeId(), view.operatorId(), view.nodeTier(), owners)));
    }

    /** Moves the node to another operator; usage already recorded stays with the operator it was recorded for. */
    @PUT
    @Path("/{node_id}/operator")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "moveNode", summary = "Move a node to another operator",
            description = "An admin's decision alone: the node now belongs to the named `node-op:` operator, who alone (with "
                    + "admins) reads and changes its settings and reports its usage from now on. Usage already recorded "
                    + "stays with the operator it was recorded for, and is settled to it on the verdict it had when recorded: "
                    + "the new owner's settings (`allow_metered_for_hive`, the daily cap, `auto_settle`, `min_settlement_spark`) "
                    + "govern only the new owner's records. Budget-gate authorizations no record has used end with the move: "
                    + "a record naming one is `not_payable` (`authorized_before_node_moved`). Moving it to its current operator changes nothing and "
                    + "answers the same. 404 `unknown_node` for a node nobody registered. An admin never moves a node to its own "
                    + "account (403: another admin does).",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field unknown_node"))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Move.class),
            examples = @ExampleObject(name = "to-bob", value = "{\"operator_id\": \"node-op:bob\"}")))
    @APIResponse(responseCode = "200", description = "The node and its owner now.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NodeOwner.class),
                    examples = @ExampleObject(name = "moved", value = "{\"node_id\": \"node-alice-1\", "
                            + "\"operator_id\": \"node-op:bob\", \"node_tier\": \"flat\"}")))
    public Uni<NodeOwner> move(@Parameter(description = "The node.") @RestPath("node_id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
                               @Valid @NotNull Move move) {
        Ownership.refuseOwnAccount(caller, move.operatorId(), "move a node");
        return settings.move(caller, nodeId, move.operatorId()).map(NodeOwner::of);
    }
}
