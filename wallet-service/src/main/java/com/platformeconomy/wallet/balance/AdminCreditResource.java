package com.platformeconomy.wallet.balance;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The treasury credits waiting for a second admin (SPEC §10 four eyes; {@link AdminCredits}), for that admin to see before confirming one. */
@Path("/v1/admin/credits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "wallets")
public class AdminCreditResource {

    private final AdminCredits credits;

    public AdminCreditResource(AdminCredits credits) {
        this.credits = credits;
    }

    @GET
    @Operation(operationId = "listAwaitingCredits", summary = "List the treasury credits waiting for a second admin",
            description = "Every admin credit past its admin's allowance, not yet confirmed, newest first, at most 1000: who "
                    + "proposed it and when, and the request a second admin sends to `POST /v1/wallets/{account}/credits` to "
                    + "make it (the same `event_id`, amount and reason). One whose `event_id` left the idempotency window can "
                    + "no longer be made (409 `event_too_old`) and is listed until it is a day old. Admins only.")
    @APIResponse(responseCode = "200", description = "The credits waiting.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                            implementation = AdminCredits.Awaiting.class),
                    examples = @ExampleObject(name = "one", value = "[{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8057\","
                            + "\"account\":\"user:alice\",\"amount\":50000,\"reason\":\"goodwill after the outage\","
                            + "\"proposed_by\":\"admin:ops-1\",\"proposed_at\":\"2026-03-01T10:00:00Z\"}]")))
    public Uni<List<AdminCredits.Awaiting>> awaiting() {
        return credits.awaiting();
    }
}
