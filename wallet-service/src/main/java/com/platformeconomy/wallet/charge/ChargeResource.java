package com.platformeconomy.wallet.charge;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.config.WalletLimits;
import com.platformeconomy.platform.security.Ownership;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/charges")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "charges", description = "A user's paid calls to apps' tools: priced from the app catalog and billed in one atomic step.")
public class ChargeResource {

    private static final String CHARGE = "{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8057\",\"user_id\":\"user:alice\","
            + "\"app_id\":\"my_app\",\"tool_name\":\"summarize\",\"handler\":\"action\",\"byollm\":false}";
    private static final String BILLED = "{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8057\",\"billed\":true,"
            + "\"total_cost\":7,\"developer_share\":4,\"platform_share\":3,\"balance\":993}";

    /** The most charges one batch may carry (why: WalletLimits). */
    static final int MAX_BATCH = WalletLimits.MAX_CHARGE_BATCH;

    public record BatchRequest(@NotNull @NotEmpty @Size(max = MAX_BATCH) List<@Valid @NotNull ChargeRequest> charges) {
    }

    public record BatchItem(int status, ChargeResult result) {
    }

    public record BatchResponse(List<BatchItem> results) {
    }

    private final ChargeService charges;
    private final SecurityIdentity caller;

    public ChargeResource(ChargeService charges, SecurityIdentity caller) {
        this.charges = charges;
        this.caller = caller;
    }

    /**
     * Charges a user for an app action: 201 when billed (or a free app's call recorded), 200 for a
     * replay or a call that is not billed, 402 when the user cannot pay.
     */
    @POST
    @Operation(operationId = "createCharge", summary = "Charge a user for one paid call",
            description = "Prices the call from the app catalog and, in one Redis step, checks the user's available "
                    + "tokens, debits them, adds the developer's share to their running total and records the event: "
                    + "`total_cost = base_price + platform_fee` (no platform_fee for a bring-your-own-LLM call), "
                    + "`developer_share = floor(total_cost × revenue_split_dev / 100)`, `platform_share = total_cost − "
                    + "developer_share`; e.g. base_price 5 and platform_fee 2 at the explorer split 70 cost 7 tokens: 4 to "
                    + "the developer, 3 to the platform (a BYOLLM call costs 5: 3 and 2). 201 when billed, or when a free "
                    + "app's call is recorded with zero shares. 200 and nothing moves when the call is not billed (`reason`: "
                    + "a skeleton or panel handler, the `__system__` app, an app not active) or when the `event_id` was "
                    + "seen: the first outcome is answered again (a first refusal is refused again). 402 when the user "
                    + "cannot pay: nothing moves. The user (the token's subject) or an admin may charge; `user_id` must be "
                    + "a `user:…` account. An admin is refused (403) for an app it develops: the developer share would be "
                    + "its own money (SPEC §10); another admin may. The same `event_id` with another call is 409 `event_id_reused`; one past the "
                    + "idempotency window is 409 `event_too_old`, unless its first outcome is still remembered (for a "
                    + "window from when it ran), which is then answered.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field invalid_event_id unknown_account not_a_user_account "
            + "event_in_future event_too_old insufficient_balance unknown_app event_id_reused balance_limit catalog_changing"))
    @APIResponse(responseCode = "201", description = "Billed now (or a free app's call recorded with zero shares).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChargeResult.class),
                    examples = @ExampleObject(name = "billed", value = BILLED)))
    @APIResponse(responseCode = "200", description = "A replay of a billed charge (its first outcome), or a call that is not billed.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChargeResult.class),
                    examples = {@ExampleObject(name = "replayed", value = BILLED),
                            @ExampleObject(name = "not-billed", value = "{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8058\","
                                    + "\"billed\":false,\"total_cost\":0,\"developer_share\":0,\"platform_share\":0,"
                                    + "\"reason\":\"skeleton_handler\"}")}))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "paid-call", value = CHARGE)))
    public Uni<Response> charge(@Valid @NotNull ChargeRequest request) {
        Ownership.requireOwnerOrPrivileged(caller, request.userId());
        charges.validate(request);
        return charges.charge(request, caller.getPrincipal().getName()).map(outcome -> Response.status(outcome.status()).entity(outcome.result()).build());
    }

    /**
     * Many charges in one request, pipelined to Redis; each has its own status and result, in the
     * order sent. The batch is refused whole (400) if any charge is malformed or repeats an event id.
     */
    @POST
    @Path("/batch")
    @Operation(operationId = "createCharges", summary = "Charge many paid calls in one request",
            description = "Up to " + MAX_BATCH + " charges, each exactly as `createCharge` (same pricing, split, idempotency "
                    + "and caller rule: the user of every charge, or an admin), pipelined to Redis in one round trip. The "
                    + "answer is 200 with one result per charge, in the order sent, each with the `status` that charge "
                    + "alone would have answered (201, 200, 402, 403, 404, 409, 503) and its result; a refused charge's "
                    + "`reason` is its code and nothing moved for it. The whole batch is refused, and nothing moves, when "
                    + "any charge is malformed, names a non-user account or an `event_id` out of its window (unless the "
                    + "first outcome of every charge in it is still remembered: then each is answered), or when "
                    + "two charges share an `event_id` (400 `duplicate_event_id`).",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field invalid_event_id unknown_account not_a_user_account "
            + "duplicate_event_id event_in_future event_too_old"))
    @APIResponse(responseCode = "200", description = "Every charge's own status and result, in the order sent.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchResponse.class),
                    examples = @ExampleObject(name = "billed-and-refused", value = "{\"results\":[{\"status\":201,\"result\":"
                            + BILLED + "},{\"status\":402,\"result\":{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8059\","
                            + "\"billed\":false,\"total_cost\":0,\"developer_share\":0,\"platform_share\":0,\"balance\":4,"
                            + "\"reason\":\"insufficient_balance\"}}]}")))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "two-calls", value = "{\"charges\":[" + CHARGE + ",{\"event_id\":"
                    + "\"01890a5d-ac96-774b-bcce-b302099a8059\",\"user_id\":\"user:bob\",\"app_id\":\"my_app\","
                    + "\"tool_name\":\"summarize\",\"handler\":\"action\",\"byollm\":true}]}")))
    public Uni<BatchResponse> chargeAll(@Valid @NotNull BatchRequest batch) {
        Set<String> seen = new HashSet<>();
        for (ChargeRequest request : batch.charges()) {
            Ownership.requireOwnerOrPrivileged(caller, request.userId());
            charges.validate(request);
            if (!seen.add(request.eventId())) {
                throw new ApiException(ErrorCode.DUPLICATE_EVENT_ID, "event_id " + request.eventId() + " appears twice in the batch.");
            }
        }
        return charges.chargeAll(batch.charges(), caller.getPrincipal().getName()).map(outcomes -> new BatchResponse(
                outcomes.stream().map(o -> new BatchItem(o.status(), o.result())).toList()));
    }
}
