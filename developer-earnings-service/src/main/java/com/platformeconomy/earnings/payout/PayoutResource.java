package com.platformeconomy.earnings.payout;

import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PayoutResource {

    /** The Idempotency-Key scope of a payout request, shared by this route and the portal's form. */
    public static final String SCOPE = "payout-request";

    private final PayoutService payouts;
    private final IdempotencyKeys keys;
    private final SecurityIdentity caller;

    public PayoutResource(PayoutService payouts, IdempotencyKeys keys, SecurityIdentity caller) {
        this.payouts = payouts;
        this.keys = keys;
        this.caller = caller;
    }

    /**
     * A developer asks to be paid out; the USD amount is fixed now. 409 when it exceeds what is
     * available. Under a required {@code Idempotency-Key}: a retry answers the first response (the
     * same payout, or the same refusal) and requests nothing more.
     */
    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/developer/payouts")
    @RolesAllowed(Roles.DEVELOPER)
    public Uni<Response> request(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                 @Valid @NotNull PayoutRequest request) {
        String developer = caller.getPrincipal().getName();
        var keyed = keys.request(SCOPE, developer, idempotencyKey, request);
        return keys.execute(keyed, Response.Status.CREATED,
                () -> payouts.request(developer, request.amountTokens()).map(PayoutView::of));
    }

    @POST
    @Path("/admin/payouts/{id}/approve")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PayoutView> approve(@PathParam("id") long id) {
        return payouts.decide(id, PayoutState.APPROVED).map(PayoutView::of);
    }

    @POST
    @Path("/admin/payouts/{id}/reject")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PayoutView> reject(@PathParam("id") long id) {
        return payouts.decide(id, PayoutState.REJECTED).map(PayoutView::of);
    }

    @POST
    @Path("/admin/payouts/{id}/paid")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PayoutView> paid(@PathParam("id") long id) {
        return payouts.decide(id, PayoutState.PAID).map(PayoutView::of);
    }
}
