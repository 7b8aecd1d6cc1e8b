package com.platformeconomy.earnings.earning;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/v1/developer/earnings")
@Produces(MediaType.APPLICATION_JSON)
public class EarningsResource {

    private final EarningsQueries queries;
    private final SecurityIdentity caller;

    public EarningsResource(EarningsQueries queries, SecurityIdentity caller) {
        this.queries = queries;
        this.caller = caller;
    }

    /** The calling developer's totals; an admin names the developer with {@code developer_id}. */
    @GET
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    public Uni<EarningsSummary> summary(@QueryParam("developer_id") String developerId) {
        String self = caller.getPrincipal().getName();
        if (developerId != null && !developerId.equals(self) && !caller.hasRole(Roles.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A developer sees its own earnings only.");
        }
        return queries.summary(developerId != null ? developerId : self);
    }
}
