package com.platformeconomy.revenue.node;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** settlement-service's node registry; callers go through {@link NodeOwners}. */
@RegisterRestClient(configKey = "settlement")
@Path("/api/admin/nodes")
@Produces(MediaType.APPLICATION_JSON)
interface NodeRegistryApi {

    @GET
    @Path("/{node_id}")
    Uni<NodeOwner> owner(@PathParam("node_id") String nodeId, @HeaderParam("Authorization") String authorization);
}
