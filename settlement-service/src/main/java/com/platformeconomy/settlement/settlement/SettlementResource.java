package com.platformeconomy.settlement.settlement;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/admin/settlements/run")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementResource {

    private final SettlementService settlement;

    public SettlementResource(SettlementService settlement) {
        this.settlement = settlement;
    }

    /** Settles now; a run that finds another one in progress answers zeros. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    public Uni<SettlementResult> run() {
        return settlement.run();
    }
}
