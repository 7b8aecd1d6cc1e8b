package com.platformeconomy.settlement.settlement;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/admin/settlements/run")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "settlements", description = "Settlement runs: pending hive/idle usage becomes Spark awarded to node operators.")
public class SettlementResource {

    private final SettlementService settlement;

    public SettlementResource(SettlementService settlement) {
        this.settlement = settlement;
    }

    /** Settles now; a run that finds another one in progress answers zeros. */
    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "runSettlement", summary = "Settle pending metered usage now",
            description = "Runs the settlement the scheduler runs (SPEC §5), now. For each operator with `auto_settle` on whose "
                    + "pending payable hive/idle records reach `min_settlement_spark` (default 10), one batch marks the "
                    + "records settled and emits `settlement.awarded` in the same database transaction; each record is "
                    + "`spark = max(1, floor(usd × 100))`. The seed's numbers: records of $0.004, $1.23 and $0.019 become "
                    + "1 + 123 + 1 = 125 Spark for $1.253 in one batch of 3. Records with no operator are written off. "
                    + "No record is settled twice: a run that finds another one in progress answers zeros.")
    @APIResponse(responseCode = "200", description = "What this run settled.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettlementResult.class),
                    examples = {
                        @ExampleObject(name = "one-batch", summary = "The seed's three records of one operator",
                                value = "{\"settled_count\": 3, \"total_spark_awarded\": 125, \"total_usd_settled\": 1.253, \"written_off\": 0}"),
                        @ExampleObject(name = "nothing-to-settle", summary = "Nothing reached the minimum, or another run was in progress",
                                value = "{\"settled_count\": 0, \"total_spark_awarded\": 0, \"total_usd_settled\": 0, \"written_off\": 0}")}))
    public Uni<SettlementResult> run() {
        return settlement.run();
    }
}
