package com.platformeconomy.settlement.usage;

import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/metered-usage")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class MeteredUsageResource {

    private final MeteredUsageService usage;
    private final SecurityIdentity caller;

    public MeteredUsageResource(MeteredUsageService usage, SecurityIdentity caller) {
        this.usage = usage;
        this.caller = caller;
    }

    /**
     * One usage record: 201 when new, 200 with the stored record when replayed, 409 when the id was
     * used for other values. A record that is kept but will not be paid is 201 as well, with
     * {@code settlement_status} {@code not_payable} and its {@code not_payable_reason}.
     */
    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public Uni<Response> record(@Valid @NotNull UsageRecordRequest request) {
        if (request.operatorId() != null && !AccountIds.isNodeOperator(request.operatorId())) {
            // The wallet's account rules: an award to this id could never be credited.
            throw new ApiException(ErrorCode.UNKNOWN_ACCOUNT, "operator_id '" + request.operatorId()
                    + "' is not an account the wallet can credit: expected node-op:…");
        }
        String reporter = null;
        if (!Ownership.isPrivileged(caller)) {
            // An operator reports only for itself, and only on nodes registered to it.
            reporter = caller.getPrincipal().getName();
            if (request.operatorId() != null) {
                Ownership.requireOwnerOrPrivileged(caller, request.operatorId());
            }
        }
        return usage.record(request, reporter).map(recorded -> Response
                .status(recorded.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(UsageView.of(recorded.usage()))
                .build());
    }
}
