package com.platformeconomy.earnings.developer;

import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1/developer/tier")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TierResource {

    /** The Idempotency-Key scope of a tier purchase. */
    static final String SCOPE = "tier-purchase";

    private final TierService tiers;
    private final IdempotencyKeys keys;
    private final SecurityIdentity caller;

    public TierResource(TierService tiers, IdempotencyKeys keys, SecurityIdentity caller) {
        this.tiers = tiers;
        this.keys = keys;
        this.caller = caller;
    }

    /** The calling developer's tier in force. */
    @GET
    @RolesAllowed(Roles.DEVELOPER)
    public Uni<TierView> current() {
        return tiers.current(caller.getPrincipal().getName());
    }

    /**
     * A developer buys indie or studio (402 and no change when its wallet cannot pay) under a
     * required {@code Idempotency-Key}: a retry with the key, however late, debits the wallet at most
     * once and answers the first outcome. An admin sets any tier for {@code developer_id} without a
     * debit (no key needed: nothing moves, and setting a tier twice is setting it once).
     */
    @PUT
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<Response> change(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                @Valid @NotNull TierRequest request) {
        Tier tier = Tier.parse(request.tier()).orElseThrow();
        if (caller.hasRole(Roles.ADMIN)) {
            if (request.developerId() == null) {
                throw new ApiException(ErrorCode.DEVELOPER_ID_REQUIRED, "An admin names the developer_id whose tier it sets.");
            }
            return tiers.grant(request.developerId(), tier).map(view -> Response.ok(view).build());
        }
        String self = caller.getPrincipal().getName();
        if (request.developerId() != null && !request.developerId().equals(self)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A developer changes its own tier only.");
        }
        // What cannot be bought is refused as before, whether or not a key came with it.
        TierService.requirePurchasable(tier);
        return tiers.buy(self, tier, keys.request(SCOPE, self, idempotencyKey, request));
    }
}
