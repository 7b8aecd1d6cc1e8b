package com.platformeconomy.earnings.parking;

import com.platformeconomy.platform.parking.ParkedEvent;
import com.platformeconomy.platform.parking.ParkedStatus;
import com.platformeconomy.platform.parking.ParkingLot;
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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The events this service's consumers could not apply, for an admin to see and replay (contracts/parking). */
@Path("/v1/admin/parked-events")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ParkedEventResource {

    private final ParkingLot parking;

    public ParkedEventResource(ParkingLot parking) {
        this.parking = parking;
    }

    /** Newest first; {@code status} parked (default) or replayed, or all. */
    @GET
    public Uni<List<ParkedEvent>> list(
            @RestQuery @Pattern(regexp = "parked|replayed|all", message = "must be parked, replayed or all") String status,
            @RestQuery @Min(1) @Max(1000) Integer limit) {
        String wanted = status == null ? ParkedStatus.PARKED.wire() : "all".equals(status) ? null : status;
        return parking.list(wanted, limit == null ? 100 : limit);
    }

    /** Applies the event again: it becomes replayed, or stays parked with the reason it failed again. */
    @POST
    @Path("/{id}/replay")
    public Uni<ParkedEvent> replay(@RestPath @Min(1) long id) {
        return parking.replay(id);
    }
}
