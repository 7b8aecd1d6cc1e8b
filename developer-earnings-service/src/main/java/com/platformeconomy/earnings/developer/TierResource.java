package com.platformeconomy.earnings.developer;

import com.platformeconomy.platform.idempotency.IdempotencyKeys;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/developer/tier")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tiers", description = "A developer's tier: its revenue split and annual cost (explorer, indie, studio, partner).")
public class TierResource {

    static final String INDIE = """
            {"developer_id": "dev:alice", "tier": "indie", "revenue_split_dev": 80, "expires_at": "2027-12-02T17:30:00Z"}""";

    /** The Idempotency-Key scope of a tier purchase. */
    static final String SCOPE = "tier-purchase";

    private final TierService tiers;
    private final IdempotencyKeys keys;
    private final SecurityIdentity caller;

    public TierResource(TierService tiers, IdempotencyKeys keys, SecurityIdentity caller) {
        this.tiers = tiers;
        this.keys = keys;
        this.caller = caller;
    }

    /** The calling developer's tier in force. */
    @GET
    @RolesAllowed(Roles.DEVELOPER)
    @Operation(operationId = "getTier", summary = "Get the caller's tier",
            description = "The calling developer's tier in force, its split (the developer's percentage of each paid "
                    + "call) and when it ends. A developer is explorer (70/30, free, never ends) from first use; indie (80/20, "
                    + "9,000 tokens), studio (85/15, 29,000) and partner (95/5, 79,000, set by an admin) last a year, then "
                    + "it is explorer again.")
    @APIResponse(responseCode = "200", description = "The tier in force.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TierView.class), examples = {
                    @ExampleObject(name = "explorer", value = """
                            {"developer_id": "dev:alice", "tier": "explorer", "revenue_split_dev": 70, "expires_at": null}"""),
                    @ExampleObject(name = "indie", value = INDIE)}))
    public Uni<TierView> current() {
        return tiers.current(caller.getPrincipal().getName());
    }

    /**
     * A developer buys indie or studio (402 and no change when its wallet cannot pay) under a
     * required {@code Idempotency-Key}: a retry with the key, however late, debits the wallet at most
     * once and answers the first outcome. An admin sets any tier for {@code developer_id} without a
     * debit (no key needed: nothing moves, and setting a tier twice is setting it once).
     */
    @PUT
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    @Operation(operationId = "changeTier", summary = "Buy a tier, or set one (admin)",
            description = "A developer buys indie (80/20, 9,000 tokens) or studio (85/15, 29,000 tokens) for itself: the "
                    + "annual cost is debited from its wallet (`tier_fee`, through wallet-service) and the tier holds for a "
                    + "year. 402 `insufficient_balance` when the wallet cannot pay: nothing is debited and the tier is "
                    + "unchanged. Buying the tier already in force answers it and debits nothing; a lower tier while a higher "
                    + "one is in force is 409 `higher_tier_in_force` (it would replace it for a year at full price). explorer cannot be bought "
                    + "(400 `tier_not_purchasable`), partner is an admin's to set (403 `forbidden`), and `developer_id`, if "
                    + "sent, must be the caller's own (403). The purchase needs an `Idempotency-Key`: a retry with the same "
                    + "key and body, however late, debits the wallet at most once and answers the first outcome (the tier, "
                    + "or the 402 again); while the first attempt still calls the wallet it is 409 `request_in_progress`; "
                    + "another tier while a purchase is pending is 409 `purchase_in_progress`. When wallet-service refuses "
                    + "(502 `wallet_refused`) or cannot be reached (503 `wallet_unavailable`) the purchase stays pending and "
                    + "a retry with the same key resumes it without a second debit.\n\n"
                    + "An admin sets any tier, partner included, for the developer named by `developer_id` (400 "
                    + "`developer_id_required` without it), without a debit and without a key; it holds for a year "
                    + "(explorer: for ever). An admin never sets its own tier (403: another admin does); an admin who is a "
                    + "developer too buys its own tier as any developer does.",
            extensions = @Extension(name = "x-problem-codes", value = "developer_id_required tier_not_purchasable insufficient_balance higher_tier_in_force "
            + "idempotency_key_required invalid_idempotency_key idempotency_key_reused request_in_progress purchase_in_progress "
            + "wallet_refused wallet_unavailable invalid_field"))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TierRequest.class),
            examples = {
                    @ExampleObject(name = "buy", summary = "A developer buys indie (9,000 tokens)", value = "{\"tier\": \"indie\"}"),
                    @ExampleObject(name = "grant", summary = "An admin makes a developer partner",
                            value = "{\"tier\": \"partner\", \"developer_id\": \"dev:alice\"}")}))
    @APIResponse(responseCode = "200", description = "The tier now in force (a purchase, its replay, the tier already held, "
            + "or an admin's grant).", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = TierView.class), examples = {
                    @ExampleObject(name = "bought", value = INDIE),
                    @ExampleObject(name = "granted", value = """
                            {"developer_id": "dev:alice", "tier": "partner", "revenue_split_dev": 95, "expires_at": "2027-12-02T17:30:00Z"}""")}))
    public Uni<Response> change(@Parameter(description = "Required for a developer's purchase; an admin's grant needs none.")
                                @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                @Valid @NotNull TierRequest request) {
        Tier tier = Tier.parse(request.tier()).orElseThrow();
        String self = caller.getPrincipal().getName();
        boolean forAnother = request.developerId() != null && !request.developerId().equals(self);
        // An admin who is a developer too buys its own tier as any developer does (it grants none to itself).
        if (caller.hasRole(Roles.ADMIN) && (forAnother || !caller.hasRole(Roles.DEVELOPER))) {
            if (request.developerId() == null) {
                throw new ApiException(ErrorCode.DEVELOPER_ID_REQUIRED, "An admin names the developer_id whose tier it sets.");
            }
            Ownership.refuseOwnAccount(caller, request.developerId(), "set the tier");
            return tiers.grant(request.developerId(), tier, self).map(view -> Response.ok(view).build());
        }
        if (request.developerId() != null && !request.developerId().equals(self)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A developer changes its own tier only.");
        }
        // What cannot be bought is refused as before, whether or not a key came with it.
        TierService.requirePurchasable(tier);
        return tiers.buy(self, tier, keys.request(SCOPE, self, idempotencyKey, request));
    }
}
