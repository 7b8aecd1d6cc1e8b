package com.platformeconomy.wallet.hold;

import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
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

@Path("/v1/holds")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
/** Capture, release and statistics of holds; reserving is {@link WalletHoldResource}. */
@Tag(name = "holds", description = "Tokens reserved in escrow until captured for a payee, released, or expired.")
public class HoldResource {

    static final String HOLD_ID = "The hold's id, as its holder chose it when reserving.";

    private final HoldService holds;
    private final SecurityIdentity caller;

    public HoldResource(HoldService holds, SecurityIdentity caller) {
        this.holds = holds;
        this.caller = caller;
    }

    /** Captures part or all of a hold for its payee (an admin decides what was used; no service captures over HTTP). */
    @POST
    @Path("/{hold_id}/capture")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "captureHold", summary = "Capture a hold for its payee",
            description = "Moves `amount` tokens (at most what the hold holds) from the holder to the hold's payee and "
                    + "frees the rest of the hold; e.g. capturing 30 of a 50-token hold pays 30 and frees 20. Admins only "
                    + "(an admin decides what was used; no service captures over HTTP; never a hold payable to the admin's own "
                    + "account, nor one the admin reserved on another's wallet, 403: another admin captures it). The same capture again (same amount) "
                    + "answers 200 with the first outcome and moves nothing; any other ending of a hold that has ended "
                    + "(captured, released or expired) is 409 `hold_not_active`; a hold unknown, or ended longer ago than "
                    + "the idempotency window, is 404 `unknown_hold`. A hold whose capture the ledger already holds (captured before Redis "
                    + "lost its data, then reserved again under its id) is 409 `hold_not_active`: release it. A capture never takes the holder's balance below zero: "
                    + "should the balance no longer cover it (rebuilt from a ledger behind), 402 `insufficient_balance`, nothing moved.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field invalid_amount capture_exceeds_hold unknown_hold "
            + "hold_not_active balance_limit insufficient_balance"))
    @APIResponse(responseCode = "200", description = "Captured: the hold as it ended.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldRequests.HoldView.class),
                    examples = @ExampleObject(name = "captured", value = "{\"hold_id\":\"session-42\",\"state\":\"captured\","
                            + "\"amount\":30,\"captured_amount\":30,\"expires_at_millis\":null}")))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "part", value = "{\"amount\":30}")))
    public Uni<HoldRequests.HoldView> capture(@Parameter(description = HOLD_ID) @PathParam("hold_id") String holdId, @Valid @NotNull HoldRequests.Capture request) {
        return holds.parties(holdId).chain(parties -> {
            Ownership.refuseOwnAccount(caller, parties.payee(), "capture a hold");
            if (parties.reservedForAnotherBy(caller.getPrincipal().getName())) {
                // Else one admin alone moves a user's tokens to a payee of its choosing.
                throw new ApiException(ErrorCode.FORBIDDEN, "An admin does not capture a hold it reserved on '" + parties.account()
                        + "': another admin must.");
            }
            return holds.capture(holdId, parties, request.amount(), caller.getPrincipal().getName());
        });
    }

    /** Frees a hold: an admin, or the holder if it reserved the hold itself. */
    @POST
    @Path("/{hold_id}/release")
    @Authenticated
    @Operation(operationId = "releaseHold", summary = "Release a hold",
            description = "Frees every token of the hold: they are available to the holder again and nothing is paid. "
                    + "An admin may release it, and the holder (the token's subject) if it reserved the hold itself; a hold an admin "
                    + "reserved on the holder's wallet (a payee's promise) the holder does not release (403: an admin does, or it expires). "
                    + "Anyone else is answered as for an unknown hold (404 `unknown_hold`, naming no account). Releasing a released "
                    + "hold again answers 200 with the same outcome; a hold that was captured or expired is 409 "
                    + "`hold_not_active`; an unknown one 404 `unknown_hold`.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_hold hold_not_active"))
    @APIResponse(responseCode = "200", description = "Released: the hold as it ended.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldRequests.HoldView.class),
                    examples = @ExampleObject(name = "released", value = "{\"hold_id\":\"session-42\",\"state\":\"released\","
                            + "\"amount\":0,\"captured_amount\":0,\"expires_at_millis\":null}")))
    public Uni<HoldRequests.HoldView> release(@Parameter(description = HOLD_ID) @PathParam("hold_id") String holdId) {
        return holds.parties(holdId).chain(parties -> {
            if (!caller.isAnonymous() && !Ownership.isPrivileged(caller)
                    && !Ownership.isOwnAccount(caller.getPrincipal().getName(), parties.account())) {
                // Anyone else is told what an unknown id is told, naming no account. (Hold ids are global: reserving
                // one that exists still answers 409 hold_id_reused, so its existence, not its holder, can be learnt.)
                throw holds.unknown(holdId);
            }
            Ownership.requireOwnerOrPrivileged(caller, parties.account());
            boolean holder = !Ownership.isPrivileged(caller) || Ownership.isOwnAccount(caller.getPrincipal().getName(), parties.account());
            if (holder && parties.reservedBy() != null && !parties.reservedBy().equals(parties.account())) {
                // Else the holder takes back what an admin reserved for a payee, and spends it before the capture.
                throw new ApiException(ErrorCode.FORBIDDEN, "A hold " + parties.reservedBy() + " reserved on '" + parties.account()
                        + "' is released by an admin, or expires; the holder does not release it.");
            }
            return holds.release(holdId, parties);
        });
    }

    /** {@code {active_escrows, total_spark_escrowed}} for the revenue dashboard. */
    @GET
    @Path("/stats")
    @RolesAllowed({Roles.USER, Roles.DEVELOPER, Roles.OPERATOR, Roles.ADMIN, Roles.REVENUE_SERVICE})
    @Operation(operationId = "getHoldStats", summary = "Count and total of active holds",
            description = "How many holds are active and how many tokens they hold, for the revenue dashboard.")
    @APIResponse(responseCode = "200", description = "The active holds' count and total.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldRequests.Stats.class),
                    examples = @ExampleObject(name = "three", value = "{\"active_escrows\":3,\"total_spark_escrowed\":150}")))
    public Uni<HoldRequests.Stats> stats() {
        return holds.stats();
    }
}
