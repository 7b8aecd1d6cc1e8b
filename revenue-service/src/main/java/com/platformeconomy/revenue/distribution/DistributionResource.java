package com.platformeconomy.revenue.distribution;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/revenue/distributions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DistributionResource {

    /** {@code period} (YYYY-MM) may be left out: the last closed month. */
    public record RunRequest(String period) {
    }

    private final DistributionService distributions;

    public DistributionResource(DistributionService distributions) {
        this.distributions = distributions;
    }

    /** Distributes a closed period (admin); a period already distributed answers with that run. */
    @POST
    @Path("/run")
    @RolesAllowed(Roles.ADMIN)
    public Uni<DistributionService.Summary> run(RunRequest request) {
        Period period = request == null || request.period() == null
                ? distributions.lastClosed()
                : Period.parse(request.period(), "period");
        return distributions.run(period);
    }
}
