package com.platformeconomy.earnings.developer;

import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.contracts.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/developer/tier")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TierResource {

    private final TierService tiers;
    private final SecurityIdentity caller;

    public TierResource(TierService tiers, SecurityIdentity caller) {
        this.tiers = tiers;
        this.caller = caller;
    }

    /** The calling developer's tier in force. */
    @GET
    @RolesAllowed(Roles.DEVELOPER)
    public Uni<TierView> current() {
        return tiers.current(caller.getPrincipal().getName());
    }

    /**
     * A developer buys indie or studio (402 and no change when its wallet cannot pay); an admin sets
     * any tier for {@code developer_id} without a debit.
     */
    @PUT
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<TierView> change(@Valid @NotNull TierRequest request) {
        Tier tier = Tier.parse(request.tier()).orElseThrow();
        if (caller.hasRole(Roles.ADMIN)) {
            if (request.developerId() == null) {
                throw ApiException.badRequest("developer_id_required", "An admin names the developer_id whose tier it sets.");
            }
            return tiers.grant(request.developerId(), tier);
        }
        String self = caller.getPrincipal().getName();
        if (request.developerId() != null && !request.developerId().equals(self)) {
            throw ApiException.forbidden("A developer changes its own tier only.");
        }
        return tiers.buy(self, tier);
    }
}
