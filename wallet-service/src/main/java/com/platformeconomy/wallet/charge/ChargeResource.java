package com.platformeconomy.wallet.charge;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.wallet.config.WalletLimits;
import com.platformeconomy.platform.security.Ownership;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@Path("/v1/charges")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ChargeResource {

    /** The most charges one batch may carry (why: WalletLimits). */
    static final int MAX_BATCH = WalletLimits.MAX_CHARGE_BATCH;

    public record BatchRequest(@NotNull @NotEmpty @Size(max = MAX_BATCH) List<@Valid @NotNull ChargeRequest> charges) {
    }

    public record BatchItem(int status, ChargeResult result) {
    }

    public record BatchResponse(List<BatchItem> results) {
    }

    private final ChargeService charges;
    private final SecurityIdentity caller;

    public ChargeResource(ChargeService charges, SecurityIdentity caller) {
        this.charges = charges;
        this.caller = caller;
    }

    /**
     * Charges a user for an app action: 201 when billed (or a free app's call recorded), 200 for a
     * replay or a call that is not billed, 402 when the user cannot pay.
     */
    @POST
    public Uni<Response> charge(@Valid @NotNull ChargeRequest request) {
        Ownership.requireOwnerOrPrivileged(caller, request.userId());
        charges.validate(request);
        return charges.charge(request).map(outcome -> Response.status(outcome.status()).entity(outcome.result()).build());
    }

    /**
     * Many charges in one request, pipelined to Redis; each has its own status and result, in the
     * order sent. The batch is refused whole (400) if any charge is malformed or repeats an event id.
     */
    @POST
    @Path("/batch")
    public Uni<BatchResponse> chargeAll(@Valid @NotNull BatchRequest batch) {
        Set<String> seen = new HashSet<>();
        for (ChargeRequest request : batch.charges()) {
            Ownership.requireOwnerOrPrivileged(caller, request.userId());
            charges.validate(request);
            if (!seen.add(request.eventId())) {
                throw new ApiException(ErrorCode.DUPLICATE_EVENT_ID, "event_id " + request.eventId() + " appears twice in the batch.");
            }
        }
        return charges.chargeAll(batch.charges()).map(outcomes -> new BatchResponse(
                outcomes.stream().map(o -> new BatchItem(o.status(), o.result())).toList()));
    }
}
