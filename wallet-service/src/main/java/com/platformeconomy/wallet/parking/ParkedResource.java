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

/** What wallet-service could not apply, for an admin to see and replay (SPEC §10). */
@Path("/v1/admin/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ParkedResource {

    private final ParkedEvents parked;
    private final IncomingCredits credits;

    public ParkedResource(ParkedEvents parked, IncomingCredits credits) {
        this.parked = parked;
        this.credits = credits;
    }

    /** Parked events, unresolved first; {@code ?open=true} only the unresolved. */
    @GET
    public Uni<List<ParkedEvents.Parked>> list(@QueryParam("open") @DefaultValue("false") boolean openOnly) {
        return parked.list(openOnly);
    }

    /**
     * Applies a parked credit again (after its cause was fixed): once applied, or found applied, it
     * is marked resolved; should it park again, it stays open. A billing event the ledger could not
     * book is not replayable here: its id is held by another movement, which a person must decide about.
     */
    @POST
    @Path("/{id}/replay")
    public Uni<ParkedEvents.Parked> replay(@PathParam("id") long id) {
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
            return parked.resolve(id, "replayed").chain(() -> credits.replay(event.source(), event.payload()))
                    .chain(() -> parked.get(id));
        });
    }
}
