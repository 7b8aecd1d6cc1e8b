package com.platformeconomy.earnings.payout;

import com.platformeconomy.contracts.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PayoutResource {

    private final PayoutService payouts;
    private final SecurityIdentity caller;

    public PayoutResource(PayoutService payouts, SecurityIdentity caller) {
        this.payouts = payouts;
        this.caller = caller;
    }

    /** A developer asks to be paid out; the USD amount is fixed now. 409 when it exceeds what is available. */
    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/developer/payouts")
    @RolesAllowed(Roles.DEVELOPER)
    public Uni<Response> request(@Valid @NotNull PayoutRequest request) {
        return payouts.request(caller.getPrincipal().getName(), request.amountTokens())
                .map(p -> Response.status(Response.Status.CREATED).entity(PayoutView.of(p)).build());
    }

    @POST
    @Path("/admin/payouts/{id}/approve")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PayoutView> approve(@PathParam("id") long id) {
        return payouts.decide(id, "approved").map(PayoutView::of);
    }

    @POST
    @Path("/admin/payouts/{id}/reject")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PayoutView> reject(@PathParam("id") long id) {
        return payouts.decide(id, "rejected").map(PayoutView::of);
    }

    @POST
    @Path("/admin/payouts/{id}/paid")
    @RolesAllowed(Roles.ADMIN)
    public Uni<PayoutView> paid(@PathParam("id") long id) {
        return payouts.decide(id, "paid").map(PayoutView::of);
    }
}
