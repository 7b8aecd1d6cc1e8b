package com.platformeconomy.wallet.hold;

import com.platformeconomy.platform.security.Ownership;
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
import jakarta.ws.rs.core.MediaType;

@Path("/v1/holds")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
/** Capture, release and statistics of holds; reserving is {@link WalletHoldResource}. */
public class HoldResource {

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
    public Uni<HoldRequests.HoldView> capture(@PathParam("hold_id") String holdId, @Valid @NotNull HoldRequests.Capture request) {
        return holds.parties(holdId).chain(parties -> holds.capture(holdId, parties, request.amount()));
    }

    /** Frees a hold: the holder or an admin may. */
    @POST
    @Path("/{hold_id}/release")
    @Authenticated
    public Uni<HoldRequests.HoldView> release(@PathParam("hold_id") String holdId) {
        return holds.parties(holdId).chain(parties -> {
            Ownership.requireOwnerOrPrivileged(caller, parties.account());
            return holds.release(holdId, parties);
        });
    }

    /** {@code {active_escrows, total_spark_escrowed}} for the revenue dashboard. */
    @GET
    @Path("/stats")
    @RolesAllowed({Roles.USER, Roles.DEVELOPER, Roles.OPERATOR, Roles.ADMIN, Roles.REVENUE_SERVICE})
    public Uni<HoldRequests.Stats> stats() {
        return holds.stats();
    }
}
