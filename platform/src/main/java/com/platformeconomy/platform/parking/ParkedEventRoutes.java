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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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

    private static final String PARKED = """
            {"id": 42, "channel": "billing-events", "message_key": "0190f3a1-7c2e-7b3d-9a41-5e6f7a8b9c0d",
             "payload": "{\\"event_id\\": \\"0190f3a1-7c2e-7b3d-9a41-5e6f7a8b9c0d\\", \\"app_id\\": \\"app:gone\\"}",
             "reason": "unknown_app: app:gone is in no catalog entry", "status": "parked", "replay_attempts": 0,
             "parked_at": "2026-03-01T10:00:00Z", "replayed_at": null}""";
    private static final String REPLAYED = """
            {"id": 42, "channel": "billing-events", "message_key": "0190f3a1-7c2e-7b3d-9a41-5e6f7a8b9c0d",
             "payload": "{\\"event_id\\": \\"0190f3a1-7c2e-7b3d-9a41-5e6f7a8b9c0d\\", \\"app_id\\": \\"app:gone\\"}",
             "reason": "unknown_app: app:gone is in no catalog entry", "status": "replayed", "replay_attempts": 1,
             "parked_at": "2026-03-01T10:00:00Z", "replayed_at": "2026-03-01T11:30:00Z"}""";

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
    @APIResponse(responseCode = "200", description = "The parked events, newest first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ParkedEvent.class),
                    examples = @ExampleObject(name = "one-parked", value = "[" + PARKED + "]")))
    public Uni<List<ParkedEvent>> list(
            @Parameter(description = "parked (the default), replayed or all.")
            @RestQuery @Pattern(regexp = "parked|replayed|all", message = "must be parked, replayed or all") String status,
            @Parameter(description = "At most this many (1–1000, default 100).") @RestQuery @Min(1) @Max(1000) Integer limit) {
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
    @APIResponse(responseCode = "200", description = "The event after the replay: replayed, or parked with the reason it failed again.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ParkedEvent.class),
                    examples = @ExampleObject(name = "replayed", value = REPLAYED)))
    public Uni<ParkedEvent> replay(@Parameter(description = "The parked event's id.") @RestPath @Min(1) long id) {
        return parking.replay(id);
    }
}
