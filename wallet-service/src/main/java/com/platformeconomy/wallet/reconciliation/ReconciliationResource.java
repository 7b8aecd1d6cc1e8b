package com.platformeconomy.wallet.reconciliation;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/admin/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationResource {

    private final ReconciliationService reconciliation;

    public ReconciliationResource(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    /** Every account's Redis balance against its ledger sum; {@code drift} is empty when they agree. */
    @GET
    @RolesAllowed(Roles.ADMIN)
    public Uni<ReconciliationReport> report() {
        return reconciliation.reconcile();
    }

    /** Restores Redis balances from the ledger; for a quiescent system (e.g. after Redis lost its data). */
    @POST
    @Path("/rebuild")
    @RolesAllowed(Roles.ADMIN)
    public Uni<RebuildReport> rebuild() {
        return reconciliation.rebuild();
    }
}
