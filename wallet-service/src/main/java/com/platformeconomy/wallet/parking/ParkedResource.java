package com.platformeconomy.wallet.parking;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.wallet.credit.IncomingCredits;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What wallet-service could not apply, for an admin to see and replay (SPEC §10). */
@Path("/v1/admin/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "parked-events", description = "Events wallet-service received and could not apply, kept with their reason for an admin to see and replay.")
public class ParkedResource {

    private static final String PARKED = "{\"id\":17,\"source\":\"settlement-awards\",\"event_id\":"
            + "\"01890a5d-ac96-774b-bcce-b302099a8057\",\"seq\":null,\"reason\":\"unknown_account: 'bank:x' is not an account\","
            + "\"payload\":\"{\\\"id\\\":\\\"01890a5d-ac96-774b-bcce-b302099a8057\\\",\\\"type\\\":\\\"settlement.awarded\\\"}\","
            + "\"parked_at\":\"2026-03-01T10:00:00Z\",";
    private static final String PARKED_OPEN = PARKED + "\"resolved_at\":null,\"resolution\":null}";
    private static final String PARKED_RESOLVED = PARKED + "\"resolved_at\":\"2026-03-01T11:30:00Z\",\"resolution\":\"replayed\"}";

    private final ParkedEvents parked;
    private final IncomingCredits credits;

    public ParkedResource(ParkedEvents parked, IncomingCredits credits) {
        this.parked = parked;
        this.credits = credits;
    }

    /** Parked events, unresolved first; {@code ?open=true} only the unresolved. */
    @GET
    @Operation(operationId = "listParkedEvents", summary = "List parked events",
            description = "The events wallet-service could not apply (credits from settlement-service and revenue-service, "
                    + "billing events the ledger could not book, app catalog entries), each with its source and reason: "
                    + "the unresolved first, newest first, at most 1000. `open=true` lists only the unresolved. Admins only.")
    @APIResponse(responseCode = "200", description = "The parked events.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                            implementation = ParkedEvents.Parked.class),
                    examples = @ExampleObject(name = "one-open", value = "[" + PARKED_OPEN + "]")))
    public Uni<List<ParkedEvents.Parked>> list(
            @Parameter(description = "true: only the unresolved events.") @QueryParam("open") @DefaultValue("false") boolean openOnly) {
        return parked.list(openOnly);
    }

    /**
     * Applies a parked credit again (after its cause was fixed): once applied, or found applied, it
     * is marked resolved; should it park again, or the replay fail or stop half-way, it stays open. A billing event the ledger could not
     * book is not replayable here: its id is held by another movement, which a person must decide about.
     */
    @POST
    @Path("/{id}/replay")
    @Operation(operationId = "replayParkedEvent", summary = "Replay a parked credit",
            description = "Applies a parked credit again, after its cause was fixed: it is applied once (its event id "
                    + "makes a second application a no-op) and the event is marked resolved; should it park again it stays "
                    + "open. An event resolved already is answered as it is. A billing event the ledger could not book, or "
                    + "an app catalog entry, is 409 `not_replayable` (a person decides about the former; developer-earnings-"
                    + "service publishes the latter again). Admins only.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_parked_event not_replayable not_found"))
    @APIResponse(responseCode = "200", description = "The parked event after the replay.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ParkedEvents.Parked.class),
                    examples = @ExampleObject(name = "resolved", value = PARKED_RESOLVED)))
    public Uni<ParkedEvents.Parked> replay(@Parameter(description = "The parked event's id.") @PathParam("id") long id) {
        return parked.get(id).chain(event -> {
            if (event == null) {
                throw new ApiException(ErrorCode.UNKNOWN_PARKED_EVENT, "No parked event " + id + ".");
            }
            if (event.resolvedAt() != null) {
                return Uni.createFrom().item(event);
            }
            if (ParkedEvents.LEDGER.equals(event.source())) {
                throw new ApiException(ErrorCode.NOT_REPLAYABLE, "A billing event whose id the ledger holds for another "
                        + "movement cannot be booked again under that id.");
            }
            if (ParkedEvents.APP_CATALOG.equals(event.source())) {
                throw new ApiException(ErrorCode.NOT_REPLAYABLE, "The catalog takes entries from developer-earnings-service "
                        + "only: have it publish the app again.");
            }
            // Resolved only once applied: a replay that fails, is cancelled or dies half-way leaves the
            // event open (and counted), never resolved with nothing credited.
            return parked.replaying(id).chain(token -> credits.replay(event.source(), event.payload())
                            .chain(() -> parked.resolveReplayed(id, token)))
                    .chain(() -> parked.get(id));
        });
    }
}
