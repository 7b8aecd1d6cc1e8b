package com.platformeconomy.settlement.settings;

import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.settlement.usage.UsageRecordRequest.Ids;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The source's Settings API. The source serves one node per host and needs no node id; here one
 * service serves every node, so each route names its node with the {@code node_id} query
 * parameter (required).
 */
@Path("/api/settings/compute")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class ComputeSettingsResource {

    private final ComputeSettingsService settings;
    private final SecurityIdentity caller;

    public ComputeSettingsResource(ComputeSettingsService settings, SecurityIdentity caller) {
        this.settings = settings;
        this.caller = caller;
    }

    @GET
    public Uni<ComputeSettingsView> get(
            @RestQuery("node_id") @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId) {
        return settings.view(caller, nodeId);
    }

    /** Changes the given fields only; answers which ones it set. */
    @PUT
    public Uni<SettingsUpdated> put(
            @RestQuery("node_id") @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
            @Valid @NotNull ComputeSettingsUpdate update) {
        return settings.update(caller, nodeId, update);
    }

    @GET
    @Path("/provider")
    public Uni<ProviderView> provider(
            @RestQuery("node_id") @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId) {
        return settings.provider(caller, nodeId);
    }

    /** Joins the node to the network as a compute provider; an empty body takes every default. */
    @POST
    @Path("/provider/join")
    public Uni<ProviderJoined> join(
            @RestQuery("node_id") @NotBlank @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String nodeId,
            @Valid ProviderJoinRequest request) {
        return settings.join(caller, nodeId, request != null ? request
                : new ProviderJoinRequest(null, null, null, null, null, null));
    }
}
