package com.platformeconomy.revenue.parking;

import com.platformeconomy.platform.parking.ParkedEventRoutes;
import com.platformeconomy.platform.parking.ParkingLot;
import jakarta.ws.rs.Path;

/** The events this service's consumers could not apply, for an admin to see and replay (platform/parking). */
@Path("/api/admin/parked-events")
public class ParkedEventResource extends ParkedEventRoutes {

    public ParkedEventResource(ParkingLot parking) {
        super(parking);
    }
}
