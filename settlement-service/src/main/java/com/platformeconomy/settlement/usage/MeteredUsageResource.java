package com.platformeconomy.settlement.usage;

import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/metered-usage")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metered-usage", description = "Paid API calls a node made, reported once per usage id; hive and idle ones are settled in Spark.")
public class MeteredUsageResource {

    static final String RECORD_HIVE = """
            {"usage_id": "usage-node-alice-1-000123", "node_id": "node-alice-1", "operator_id": "node-op:alice",
             "model_id": "gpt-4", "task_source": "hive", "tokens_in": 1200, "tokens_out": 350, "actual_usd_cost": 1.23,
             "authorization_id": "3f2c9a1e-8b4d-4c2a-9e57-1d0b6a7c5e21"}""";

    static final String RECORDED_PENDING = """
            {"usage_id": "usage-node-alice-1-000123", "node_id": "node-alice-1", "operator_id": "node-op:alice",
             "model_id": "gpt-4", "task_source": "hive", "tokens_in": 1200, "tokens_out": 350, "actual_usd_cost": 1.23,
             "settlement_status": "pending", "payable_usd": 1.23, "not_payable_reason": null,
             "authorization_id": "3f2c9a1e-8b4d-4c2a-9e57-1d0b6a7c5e21"}""";

    static final String RECORDED_NOT_PAYABLE = """
            {"usage_id": "usage-node-alice-1-000124", "node_id": "node-alice-1", "operator_id": "node-op:alice",
             "model_id": "claude-3", "task_source": "idle", "tokens_in": 800, "tokens_out": 200, "actual_usd_cost": 0.42,
             "settlement_status": "not_payable", "payable_usd": null, "not_payable_reason": "no_authorization",
             "authorization_id": null}""";

    private final MeteredUsageService usage;
    private final SecurityIdentity caller;

    public MeteredUsageResource(MeteredUsageService usage, SecurityIdentity caller) {
        this.usage = usage;
        this.caller = caller;
    }

    /**
     * One usage record: 201 when new, 200 with the stored record when replayed, 409 when the id was
     * used for other values. A record that is kept but will not be paid is 201 as well, with
     * {@code settlement_status} {@code not_payable} and its {@code not_payable_reason}.
     */
    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(operationId = "recordMeteredUsage", summary = "Record one metered API call of a node",
            description = "Records one paid API call a node made (seeds/001 MeteredAPIUsage), once per `node_id` and `usage_id` "
                    + "(a usage id is its node's own; another node may use the same one): 201 with the stored record when new, "
                    + "200 with the same stored record when the identical record is sent again (nothing changes), 409 "
                    + "`usage_id_reused` when the node's id was recorded with other values — except that a record nothing vouches "
                    + "for (from `metered.usage`, not payable, no authorization used) gives way to one naming an unused "
                    + "authorization of the node, and is parked as `usage_id_displaced`. An operator reports only for "
                    + "nodes registered to it (404 `unknown_node` for a node nobody registered, 403 for another operator's node "
                    + "or another `operator_id`); an admin may report for any node. `operator_id` must be a `node-op:` account "
                    + "(400 `unknown_account`); `actual_usd_cost` has at most 6 decimals and a configured maximum (400 "
                    + "`usd_cost_too_large`).\n\n"
                    + "Only hive and idle records are ever settled; own records are kept for the node's own view. A hive/idle "
                    + "record is payable only if its node is registered to its operator, is not central tier, neither policy is "
                    + "`local_only`, metered use for hive is on and it names an unused `authorization_id` of that node from the "
                    + "budget gate, however late the record arrives; it is paid at most the authorized estimate and what is left "
                    + "of the node's daily cap (a late record: less what the gate still holds for calls it authorized since). "
                    + "Otherwise it is still recorded (201) with `settlement_status` `not_payable` and its `not_payable_reason`. "
                    + "At settlement each payable record becomes `spark = max(1, floor(usd × spark_per_usd))` with "
                    + "`spark_per_usd` 100: $1.23 → 123 Spark, $0.019 → 1 Spark.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field unknown_account usd_cost_too_large unknown_node usage_id_reused"))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UsageRecordRequest.class),
            examples = @ExampleObject(name = "hive-call", summary = "A hive task's $1.23 GPT-4 call under an authorization",
                    value = RECORD_HIVE)))
    @APIResponse(responseCode = "201", description = "Recorded now: the stored record, pending settlement or not payable with its reason.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageView.class),
                    examples = {
                        @ExampleObject(name = "payable", summary = "Pending settlement; 123 Spark at the next run", value = RECORDED_PENDING),
                        @ExampleObject(name = "not-payable", summary = "Kept but never paid: no authorization", value = RECORDED_NOT_PAYABLE)}))
    @APIResponse(responseCode = "200", description = "The same record was already recorded: the stored record, unchanged.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageView.class),
                    examples = @ExampleObject(name = "replayed", value = RECORDED_PENDING)))
    public Uni<Response> record(@Valid @NotNull UsageRecordRequest request) {
        if (request.operatorId() != null && !AccountIds.isNodeOperator(request.operatorId())) {
            // The wallet's account rules: an award to this id could never be credited.
            throw new ApiException(ErrorCode.UNKNOWN_ACCOUNT, "operator_id '" + request.operatorId()
                    + "' is not an account the wallet can credit: expected node-op:…");
        }
        String reporter = null;
        if (!Ownership.isPrivileged(caller)) {
            // An operator reports only for itself, and only on nodes registered to it.
            reporter = caller.getPrincipal().getName();
            if (request.operatorId() != null) {
                Ownership.requireOwnerOrPrivileged(caller, request.operatorId());
            }
        }
        return usage.report(request, reporter).map(recorded -> Response
                .status(recorded.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(UsageView.of(recorded.usage()))
                .build());
    }
}
