package com.platformeconomy.settlement.settings;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The source's Settings API. The source serves one node per host and needs no node id; here one
 * service serves every node, so each route names its node with the {@code node_id} query
 * parameter (required).
 */
@Path("/api/settings/compute")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "compute-settings", description = "A node's compute settings and provider dashboard (the source's Settings API), one node per `node_id`.")
public class ComputeSettingsResource {

    static final String NODE_ID = "The node, registered to the caller (an admin may name any node).";

    static final String SETTINGS = """
            {"node_id": "node-alice-1", "operator_id": "node-op:alice", "node_tier": "flat", "joined": true,
             "compute_policy": "local_preferred", "hive_compute_policy": "local_preferred", "max_hive_gpu_pct": 50,
             "allow_metered_for_hive": true, "metered_daily_limit_usd": 5, "offered_gpu_hours_per_day": 8,
             "accept_thought_experiments": true, "accept_frontier_training": false, "auto_settle": true,
             "min_settlement_spark": 10, "electricity_rate_kwh": 0.12, "cause_alignment": "democratize_compute"}""";

    static final String PROVIDER = """
            {"node_id": "node-alice-1", "operator_id": "node-op:alice", "node_tier": "flat", "joined": true,
             "compute_stats": {"metered_api_costs_absorbed": 1.253, "metered_api_costs_today": 1.253},
             "provider_identity": {"cause_alignment": "democratize_compute", "electricity_rate_kwh": 0.12},
             "pending_settlements": {"count": 3, "total_usd": 1.253},
             "reward_summary": {"total_spark_earned": 0, "total_rewards": 0},
             "not_payable": {"count": 1, "total_usd": 0.42,
                             "reasons": [{"reason": "no_authorization", "count": 1, "total_usd": 0.42}]}}""";

    static final String JOIN = """
            {"cause_alignment": "democratize_compute", "electricity_rate_kwh": 0.12, "offered_gpu_hours_per_day": 8,
             "compute_policy": "local_preferred", "accept_thought_experiments": true, "node_tier": "flat"}""";

    static final String JOINED = """
            {"joined": true, "node_id": "node-alice-1",
             "config": {"node_id": "node-alice-1", "operator_id": "node-op:alice", "node_tier": "flat", "joined": true,
                        "compute_policy": "local_preferred", "hive_compute_policy": "local_preferred", "max_hive_gpu_pct": 50,
                        "allow_metered_for_hive": false, "metered_daily_limit_usd": 0, "offered_gpu_hours_per_day": 8,
                        "accept_thought_experiments": true, "accept_frontier_training": false, "auto_settle": true,
                        "min_settlement_spark": 10, "electricity_rate_kwh": 0.12, "cause_alignment": "democratize_compute"}}""";

    private final ComputeSettingsService settings;
    private final SecurityIdentity caller;

    public ComputeSettingsResource(ComputeSettingsService settings, SecurityIdentity caller) {
        this.settings = settings;
        this.caller = caller;
    }

    @GET
    @Operation(operationId = "getComputeSettings", summary = "Get a node's compute settings",
            description = "The node's compute settings with the source's field names and defaults: `compute_policy` "
                    + "local_preferred, `allow_metered_for_hive` false, `metered_daily_limit_usd` 0 (no cap), `auto_settle` "
                    + "true, `min_settlement_spark` 10, and the rest of the settings document. An operator reads only nodes "
                    + "registered to it (403 otherwise), an admin any node; a node nobody registered is 404 `unknown_node` "
                    + "whoever asks.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_node"))
    @APIResponse(responseCode = "200", description = "The node's settings.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ComputeSettingsView.class),
                    examples = @ExampleObject(name = "capped-at-5-usd", summary = "Metered use for hive on, capped at $5.00 a day",
                            value = SETTINGS)))
    public Uni<ComputeSettingsView> get(
            @Parameter(description = NODE_ID) @RestQuery("node_id") @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId) {
        return settings.view(caller, nodeId);
    }

    /** Changes the given fields only; answers which ones it set. */
    @PUT
    @Operation(operationId = "updateComputeSettings", summary = "Change some of a node's compute settings",
            description = "Sets the fields the body names and leaves the others as they are; answers which fields it set, "
                    + "split as the source routes them (policy fields, and the provider identity's peer fields). A body "
                    + "naming no field is 400 `nothing_to_update`. A central-tier node cannot enable metered APIs for hive "
                    + "tasks (403 `forbidden`, \"Central nodes cannot enable metered APIs for hive\"). An operator changes only "
                    + "nodes registered to it, an admin any node; 404 `unknown_node` for a node nobody registered. A "
                    + "`min_settlement_spark` above one operator's daily award ceiling (never reached by a batch) is 400 "
                    + "`invalid_field`. Setting the same values again changes nothing and answers the same.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field nothing_to_update unknown_node"))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ComputeSettingsUpdate.class),
            examples = @ExampleObject(name = "cap-at-5-usd", summary = "The seed's exposure control: pay for hive, at most $5 a day",
                    value = "{\"allow_metered_for_hive\": true, \"metered_daily_limit_usd\": 5.00}")))
    @APIResponse(responseCode = "200", description = "The fields set.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsUpdated.class),
                    examples = @ExampleObject(name = "cap-at-5-usd",
                            value = "{\"updated\": true, \"node_id\": \"node-alice-1\", \"policy_fields\": "
                                    + "[\"allow_metered_for_hive\", \"metered_daily_limit_usd\"], \"peer_fields\": []}")))
    public Uni<SettingsUpdated> put(
            @Parameter(description = NODE_ID) @RestQuery("node_id") @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
            @Valid @NotNull ComputeSettingsUpdate update) {
        return settings.update(caller, nodeId, update);
    }

    @GET
    @Path("/provider")
    @Operation(operationId = "getProviderDashboard", summary = "Get a node's provider dashboard",
            description = "The node as a compute provider: USD of hive/idle calls it absorbed (ever and today, UTC), its "
                    + "provider identity, `pending_settlements` (count and total USD of hive/idle records not yet settled, at what "
                    + "settlement pays: the cost, at most its authorization; the seed's three records of $0.004, $1.23 and $0.019 "
                    + "show 3 and 1.253), the Spark awarded and in how many batches, and the records that will never be paid, per "
                    + "reason; records, rewards and reasons of the node's current owner only (a moved node's earlier ones are the "
                    + "previous owner's). An operator reads only nodes registered "
                    + "to it, an admin any node; 404 `unknown_node` for a node nobody registered.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_node"))
    @APIResponse(responseCode = "200", description = "The node's provider dashboard.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderView.class),
                    examples = @ExampleObject(name = "three-pending", summary = "Three records ($1.253) awaiting settlement",
                            value = PROVIDER)))
    public Uni<ProviderView> provider(
            @Parameter(description = NODE_ID) @RestQuery("node_id") @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId) {
        return settings.provider(caller, nodeId);
    }

    /** Joins the node to the network as a compute provider; an empty body takes every default. */
    @POST
    @Path("/provider/join")
    @Operation(operationId = "joinAsProvider", summary = "Join a node to the network as a compute provider",
            description = "Onboards the node as a compute provider (the source's join): sets the provider identity and the "
                    + "fields given. Every field is optional and an empty body takes every default. Joining again updates "
                    + "the fields given and keeps the first join time. `node_tier` (this service's addition) is the tier an "
                    + "admin registered the node with: an operator may name it, but only an admin changes it (403 `forbidden`: "
                    + "the tier decides the node's share of the infrastructure pool), never an admin whose own node it is. A node that allows metered use for "
                    + "hive cannot become central tier (403 `forbidden`). An "
                    + "operator joins only nodes registered to it, an admin any node; 404 `unknown_node` for a node nobody "
                    + "registered.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field unknown_node"))
    @APIResponse(responseCode = "200", description = "Joined: the node's settings now.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProviderJoined.class),
                    examples = @ExampleObject(name = "joined", value = JOINED)))
    public Uni<ProviderJoined> join(
            @Parameter(description = NODE_ID)
            @RestQuery("node_id") @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ProviderJoinRequest.class),
                    examples = @ExampleObject(name = "flat-provider", summary = "A flat node offering 8 GPU hours a day", value = JOIN)))
            @Valid ProviderJoinRequest request) {
        return settings.join(caller, nodeId, request != null ? request
                : new ProviderJoinRequest(null, null, null, null, null, null));
    }
}
