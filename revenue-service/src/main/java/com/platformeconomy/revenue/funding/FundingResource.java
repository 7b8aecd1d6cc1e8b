package com.platformeconomy.revenue.funding;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/revenue/funding")
@Produces(MediaType.APPLICATION_JSON)
public class FundingResource {

    private final FundingService funding;

    public FundingResource(FundingService funding) {
        this.funding = funding;
    }

    /** Runs the auto-funding decision now (admin; no service calls it); safe to call any number of times, anywhere. */
    @POST
    @Path("/check")
    @RolesAllowed(Roles.ADMIN)
    public Uni<FundingService.Outcome> check() {
        return funding.check();
    }
}
