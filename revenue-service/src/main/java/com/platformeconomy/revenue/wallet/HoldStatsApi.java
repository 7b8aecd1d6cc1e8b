package com.platformeconomy.revenue.wallet;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** wallet-service's hold statistics route; callers go through {@link WalletHolds}. */
@RegisterRestClient(configKey = "wallet")
@Path("/v1/holds")
@Produces(MediaType.APPLICATION_JSON)
interface HoldStatsApi {

    @GET
    @Path("/stats")
    Uni<HoldStats> stats(@HeaderParam("Authorization") String authorization);
}
