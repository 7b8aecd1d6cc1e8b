package com.platformeconomy.earnings.wallet;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** wallet-service's debit and balance routes (SPEC §9), as this service calls them. Only {@link WalletClient} uses it. */
@RegisterRestClient(configKey = "wallet")
@Path("/v1/wallets")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface WalletApi {

    record Debit(String eventId, long amount, String category, String reason, Instant occurredAt) {
    }

    record Moved(String eventId, long balance) {
    }

    record Balance(String account, long balance, long held, long available) {
    }

    @GET
    @Path("/{account}")
    Uni<Balance> balance(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("account") String account);

    @POST
    @Path("/{account}/debits")
    Uni<Moved> debit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                     @PathParam("account") String account, Debit debit);
}
