package com.platformeconomy.wallet.hold;

import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.wallet.balance.Accounts;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** POST /v1/wallets/{account}/holds: its own root so that it does not hide behind the wallet routes. */
@Path("/v1/wallets/{account}/holds")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WalletHoldResource {

    private final HoldService holds;
    private final SecurityIdentity caller;

    public WalletHoldResource(HoldService holds, SecurityIdentity caller) {
        this.holds = holds;
        this.caller = caller;
    }

    /** Reserves tokens of the wallet: its owner or a service may. */
    @POST
    @Authenticated
    public Uni<Response> reserve(@PathParam("account") String account, @Valid @NotNull HoldRequests.Reserve request) {
        Accounts.require(account);
        Ownership.requireOwnerOrPrivileged(caller, account);
        return holds.reserve(account, request).map(view -> Response.status(Response.Status.CREATED).entity(view).build());
    }

}
