package com.platformeconomy.wallet.hold;

import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.wallet.balance.Accounts;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** POST /v1/wallets/{account}/holds: its own root so that it does not hide behind the wallet routes. */
@Path("/v1/wallets/{account}/holds")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "holds")
public class WalletHoldResource {

    private final HoldService holds;
    private final SecurityIdentity caller;

    public WalletHoldResource(HoldService holds, SecurityIdentity caller) {
        this.holds = holds;
        this.caller = caller;
    }

    /** Reserves tokens of the wallet: its owner or an admin may (an admin's hold the holder does not release). */
    @POST
    @Authenticated
    @Operation(operationId = "createHold", summary = "Reserve tokens of a wallet in a hold",
            description = "Reserves `amount` tokens of the account until captured, released, or `ttl_seconds` (at most "
                    + "30 days) have passed, when the hold expires and frees them by itself. The held tokens stop being "
                    + "available (balance − held): e.g. a wallet of 1000 with a hold of 150 has 850 available. `payee` (default "
                    + "`platform:revenue`, never the holder) receives what is captured. The account's owner (the token's "
                    + "subject) or an admin may reserve; anyone else is refused 403, and so is a hold on a system account "
                    + "(`platform:…`, `escrow`: only the suite's own movements move those) or one paying `escrow`. Fewer "
                    + "available tokens than `amount` is "
                    + "402 and reserves nothing; an account with as many active holds as it may have already "
                    + "(`wallet.max-active-holds-per-account`, default 1000) is 429 `hold_limit` and reserves nothing. Either "
                    + "refusal is the hold id's outcome: the same request again answers it again. Idempotent on `hold_id`: the same request again, by the same caller, answers 201 "
                    + "with the hold as it is now; the same `hold_id` with another hold, or reserved by another caller (a holder "
                    + "cannot take the id an admin will use), is 409 `hold_id_reused`; one past the idempotency "
                    + "window is 409 `event_too_old`.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field unknown_account invalid_amount payee_is_holder "
            + "event_in_future event_too_old insufficient_balance hold_limit hold_id_reused"))
    @APIResponse(responseCode = "201", description = "The hold (a replay: as it is now).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldRequests.HoldView.class),
                    examples = @ExampleObject(name = "active", value = "{\"hold_id\":\"session-42\",\"state\":\"active\","
                            + "\"amount\":50,\"captured_amount\":null,\"expires_at_millis\":1767225600000}")))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "session", value = "{\"hold_id\":\"session-42\",\"amount\":50,"
                    + "\"purpose\":\"agent session\",\"ttl_seconds\":600,\"payee\":\"dev:alice\"}")))
    public Uni<Response> reserve(@Parameter(description = "The account whose tokens are held.") @PathParam("account") String account, @Valid @NotNull HoldRequests.Reserve request) {
        Accounts.require(account);
        Ownership.requireOwnerOrPrivileged(caller, account);
        return holds.reserve(account, request, caller.getPrincipal().getName()).map(view -> Response.status(Response.Status.CREATED).entity(view).build());
    }

}
