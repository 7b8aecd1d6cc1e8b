package com.platformeconomy.wallet.reconciliation;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/admin/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reconciliation", description = "Redis balances checked against the token ledger's double entry, and restored from it.")
public class ReconciliationResource {

    private final ReconciliationService reconciliation;

    public ReconciliationResource(ReconciliationService reconciliation) {
        this.reconciliation = reconciliation;
    }

    /** Every account's Redis balance against its ledger sum; {@code drift} is empty when they agree. */
    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "getReconciliationReport", summary = "Compare every balance with its ledger sum",
            description = "Reads every Redis balance and the movement counter at one instant, waits until the ledger has "
                    + "booked every movement up to it, and compares each account's balance with the sum of its ledger "
                    + "rows. `drift` is empty when they agree (`difference` = Redis − ledger); `parked` lists movements "
                    + "Redis applied that the ledger could not book, which explain drift until an admin resolves them. "
                    + "Admins only. Changes nothing. When the ledger does not catch up in time it is 503 `ledger_behind` "
                    + "(naming the missing movements): try again shortly.",
            extensions = @Extension(name = "x-problem-codes", value = "ledger_behind"))
    @APIResponse(responseCode = "200", description = "Balances against ledger sums as of movement `as_of_seq`.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReconciliationReport.class),
                    examples = {@ExampleObject(name = "consistent", value = "{\"as_of_seq\":1234,\"checked_accounts\":87,"
                            + "\"drift\":[],\"parked\":[]}"),
                            @ExampleObject(name = "drift", value = "{\"as_of_seq\":1234,\"checked_accounts\":87,\"drift\":[{"
                                    + "\"account\":\"user:alice\",\"redis_balance\":993,\"ledger_balance\":1000,"
                                    + "\"difference\":-7}],\"parked\":[]}")}))
    public Uni<ReconciliationReport> report() {
        return reconciliation.reconcile();
    }

    /** Restores Redis balances from the ledger; for a quiescent system (e.g. after Redis lost its data). */
    @POST
    @Path("/rebuild")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "rebuildBalances", summary = "Restore Redis balances from the ledger",
            description = "Sets every account's Redis balance to its ledger sum, once the ledger has booked every movement "
                    + "Redis applied; holds (`held`) are left as they are. Meant for a quiescent system, e.g. after Redis "
                    + "lost its data: if tokens move while it runs it changes nothing and is 409 `not_quiescent`. Admins "
                    + "only. `restored` lists each balance it changed, from what to what. When the ledger does not catch up "
                    + "in time it is 503 `ledger_behind`. It sets the movement counter to the ledger's highest `seq`: after Redis "
                    + "lost its data (its counter) every charge, credit, debit, hold and capture answers 503 until this "
                    + "rebuild, so no new movement reuses a number the ledger holds. It waits until the ledger's consumer has "
                    + "committed every billing event Kafka holds (503 `ledger_behind` if not in time): a movement still in "
                    + "Kafka is in no ledger sum. `not_counted` lists the movements the ledger parked (still open): no "
                    + "ledger sum counts them, so the balances it set undo them; `set_aside_entries` counts the same of "
                    + "the entries the relay set aside. Before any counter is set it puts back, for "
                    + "every caller's `event_id` the ledger booked within the idempotency window, a record where Redis lost "
                    + "one (and, with several buckets, the id's claim): a retry of such a movement is answered from the "
                    + "ledger (the same credit or debit: 200, its first outcome) or refused (409 `event_too_old`), never applied again.",
            extensions = @Extension(name = "x-problem-codes", value = "not_quiescent ledger_behind"))
    @APIResponse(responseCode = "200", description = "What the rebuild set, as of movement `as_of_seq`.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RebuildReport.class),
                    examples = @ExampleObject(name = "restored", value = "{\"as_of_seq\":1234,\"checked_accounts\":87,"
                            + "\"restored\":[{\"account\":\"user:alice\",\"previous_balance\":0,\"balance\":993}],\"not_counted\":[],"
                            + "\"set_aside_entries\":0}")))
    public Uni<RebuildReport> rebuild() {
        return reconciliation.rebuild();
    }
}
