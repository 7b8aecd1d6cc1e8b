package com.platformeconomy.settlement.budget;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/metered-usage/authorize")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "budget-gate", description = "Whether a node may pay for an API call for someone else's task, within its policy and daily cap.")
public class BudgetResource {

    private final BudgetGate gate;
    private final SecurityIdentity caller;

    public BudgetResource(BudgetGate gate, SecurityIdentity caller) {
        this.gate = gate;
        this.caller = caller;
    }

    /** 200 with {allowed, reason, remaining_daily_usd} whether allowed or not; 4xx only for bad input or access. */
    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(operationId = "authorizeMeteredCall", summary = "Ask whether a node may make a paid API call",
            description = "The budget gate (SPEC §5): before a paid API call for a hive or idle task, a node asks whether it may. "
                    + "The answer is always 200, allowed or not, with the `reason`: refused when the node's `compute_policy` "
                    + "or `hive_compute_policy` is `local_only`, when `allow_metered_for_hive` is off (the default), when the "
                    + "node is central tier, or when today's (UTC) hive/idle spend plus `estimated_usd` would pass "
                    + "`metered_daily_limit_usd` (0 = no cap). With the seed's cap of $5.00 and nothing spent yet, an estimate "
                    + "of $1.50 is allowed and leaves `remaining_daily_usd` 3.5. An allowed hive/idle answer carries an "
                    + "`authorization_id`: it reserves the estimate against the cap until the usage record naming it is "
                    + "recorded (or the reservation expires), and that record, however late it arrives, is paid at most the "
                    + "estimate. An estimate above what one usage record may carry (`settlement.max-usage-usd`, 1,000 USD: "
                    + "one operator's daily award ceiling) is 400 `usd_cost_too_large`. A hive/idle estimate worth less than "
                    + "one spark (below $0.01 at the default 100 spark per USD) is 400 `invalid_field` and reserves nothing: "
                    + "a record is never paid more than its authorization was worth (SPEC §10), and it is paid at least one "
                    + "spark, so a call cheaper than that asks for one spark's worth. Own tasks are allowed unless the "
                    + "policy is `local_only` and reserve nothing. Not idempotent: every allowed call reserves anew.\n\n"
                    + "An operator asks only for nodes registered to it (404 `unknown_node` for an unregistered node, 403 for "
                    + "another operator's); an admin for any node.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field usd_cost_too_large unknown_node"))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AuthorizeRequest.class),
            examples = @ExampleObject(name = "hive-estimate", summary = "A hive task's call estimated at $1.50",
                    value = "{\"node_id\": \"node-alice-1\", \"task_source\": \"hive\", \"estimated_usd\": 1.50}")))
    @APIResponse(responseCode = "200", description = "The gate's answer, allowed or refused with its reason.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Authorization.class),
                    examples = {
                        @ExampleObject(name = "within-daily-limit", summary = "Allowed under the $5.00 cap; $3.50 left",
                                value = "{\"allowed\": true, \"reason\": \"within_daily_limit\", \"remaining_daily_usd\": 3.5, "
                                        + "\"authorization_id\": \"3f2c9a1e-8b4d-4c2a-9e57-1d0b6a7c5e21\"}"),
                        @ExampleObject(name = "daily-limit-reached", summary = "Refused: $4.50 already spent of the $5.00 cap",
                                value = "{\"allowed\": false, \"reason\": \"daily_limit_reached\", \"remaining_daily_usd\": 0.5}"),
                        @ExampleObject(name = "metered-for-hive-disabled", summary = "Refused: the node does not pay for hive tasks",
                                value = "{\"allowed\": false, \"reason\": \"metered_for_hive_disabled\", \"remaining_daily_usd\": null}")}))
    public Uni<Authorization> authorize(@Valid @NotNull AuthorizeRequest request) {
        return gate.authorize(caller, request);
    }
}
