package com.platformeconomy.platform.parking;

import com.platformeconomy.contracts.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The admin routes of the parking lot: the events this service's consumers could not apply, to
 * see and replay. A service declares them with one line, a subclass naming its {@code @Path}
 * (earnings {@code /v1/admin/parked-events}, the others {@code /api/admin/parked-events}). Each
 * route carries its own {@code @RolesAllowed}, so that the guard travels with the inherited method.
 */
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "parked-events", description = "Events this service's consumers could not apply, kept for an admin to see and replay.")
public abstract class ParkedEventRoutes {

    private final ParkingLot parking;

    protected ParkedEventRoutes(ParkingLot parking) {
        this.parking = parking;
    }

    /** Newest first; {@code status} parked (default) or replayed, or all. */
    @GET
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "bearer", scopes = Roles.ADMIN) // an inherited @RolesAllowed is not seen by the OpenAPI scan
    @Operation(operationId = "listParkedEvents", summary = "List parked events",
            description = "The events this service's consumers parked (could not apply), newest first: `status` parked "
                    + "(the default), replayed or all; at most `limit` (1–1000, default 100).")
    public Uni<List<ParkedEvent>> list(
            @RestQuery @Pattern(regexp = "parked|replayed|all", message = "must be parked, replayed or all") String status,
            @RestQuery @Min(1) @Max(1000) Integer limit) {
        String wanted = status == null ? ParkedStatus.PARKED.wire() : "all".equals(status) ? null : status;
        return parking.list(wanted, limit == null ? 100 : limit);
    }

    /** Applies the event again: it becomes replayed, or stays parked with the reason it failed again. */
    @POST
    @Path("/{id}/replay")
    @RolesAllowed(Roles.ADMIN)
    @SecurityRequirement(name = "bearer", scopes = Roles.ADMIN) // an inherited @RolesAllowed is not seen by the OpenAPI scan
    @Operation(operationId = "replayParkedEvent", summary = "Replay a parked event",
            description = "Applies the parked event again through its consumer's handler, exactly once: it becomes "
                    + "replayed, or stays parked with the reason it failed again. A replayed event is not replayed twice.")
    @Extension(name = "x-problem-codes", value = "unknown_parked_event already_replayed no_handler not_replayable not_found")
    public Uni<ParkedEvent> replay(@RestPath @Min(1) long id) {
        return parking.replay(id);
    }
}
