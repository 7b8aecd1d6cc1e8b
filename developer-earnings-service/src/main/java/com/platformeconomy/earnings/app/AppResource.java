package com.platformeconomy.earnings.app;

import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

@Path("/v1/developer/apps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "apps", description = "The apps a developer publishes: their pricing and life cycle (draft, pending_review, active, suspended).")
public class AppResource {

    /** An app of the seed's example (base_price 5, platform_fee 2), approved at the explorer split 70. */
    static final String ACTIVE_APP = """
            {"app_id": "my_app", "developer_id": "dev:alice", "name": "My App", "status": "active", \
            "pricing_model": "paid", "base_price": 5, "platform_fee": 2, "revenue_split_dev": 70, "version": 3, \
            "total_cost": 7, "developer_share": 4, "platform_share": 3}""";
    /** The same app before its first approval: no split yet, so no shares. */
    static final String DRAFT_APP = """
            {"app_id": "my_app", "developer_id": "dev:alice", "name": "My App", "status": "draft", \
            "pricing_model": "paid", "base_price": 5, "platform_fee": 2, "revenue_split_dev": null, "version": 0, \
            "total_cost": 7, "developer_share": null, "platform_share": null}""";
    static final String APP_ID = "The app's id (2-64 lowercase letters, digits, `_` or `-`).";

    private final AppService apps;
    private final SecurityIdentity caller;

    public AppResource(AppService apps, SecurityIdentity caller) {
        this.apps = apps;
        this.caller = caller;
    }

    /** Creates a draft app owned by the calling developer. */
    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @RolesAllowed(Roles.DEVELOPER)
    @Operation(operationId = "createApp", summary = "Create an app as a draft",
            description = "Creates a draft app owned by the calling developer (the token's subject), with its pricing: "
                    + "`pricing_model` free or paid and `base_price` in tokens (a free app has `base_price` 0). A paid app "
                    + "gets the configured default `platform_fee` (2 tokens), a free one 0. The app earns nothing until an "
                    + "admin approves it, which fixes its `revenue_split_dev`; until then the shares are null. "
                    + "`app_id` is the client's, unique across the suite: a second create with it is 409 `app_exists`. "
                    + "The subject must be a developer's wallet account (`dev:…`), which every charge of the app pays: else 403.",
            extensions = @Extension(name = "x-problem-codes", value = "free_app_with_price app_exists invalid_field forbidden"))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreateAppRequest.class),
            examples = @ExampleObject(name = "paid", summary = "A paid app at base_price 5",
                    value = "{\"app_id\": \"my_app\", \"name\": \"My App\", \"pricing_model\": \"paid\", \"base_price\": 5}")))
    @APIResponse(responseCode = "201", description = "Created, as a draft.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppView.class), examples = @ExampleObject(name = "draft", value = DRAFT_APP)))
    public Uni<Response> create(@Valid @NotNull CreateAppRequest request) {
        String developer = caller.getPrincipal().getName();
        if (!com.platformeconomy.contracts.account.AccountIds.isDeveloper(developer)) {
            // Every charge of the app pays this account, and the wallet's catalog refuses an app of anyone else.
            throw new ApiException(ErrorCode.FORBIDDEN, "'" + developer + "' is not a developer's wallet account (dev:…): "
                    + "nothing an app of it earned could be paid.");
        }
        return apps.create(developer, request)
                .map(app -> Response.status(Response.Status.CREATED).entity(AppView.of(app)).build());
    }

    /** One of the caller's apps (any app for an admin). */
    @GET
    @Path("/{app_id}")
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    @Operation(operationId = "getApp", summary = "Get one app",
            description = "One of the calling developer's apps (an admin sees any app), with what one paid call costs a "
                    + "user who does not bring their own LLM and how it splits at the app's fixed `revenue_split_dev`: "
                    + "`total_cost = base_price + platform_fee`, `developer_share = floor(total_cost × revenue_split_dev / 100)`, "
                    + "`platform_share = total_cost − developer_share` (seed: 5 + 2 = 7 tokens, 4 to the developer at 70, "
                    + "3 to the platform). Another developer's app answers 404 `unknown_app`, as if it did not exist.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_app"))
    @APIResponse(responseCode = "200", description = "The app.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppView.class), examples = @ExampleObject(name = "active", value = ACTIVE_APP)))
    public Uni<AppView> get(@Parameter(description = APP_ID) @PathParam("app_id") String appId) {
        return apps.get(appId, caller.getPrincipal().getName(), Ownership.isPrivileged(caller)).map(AppView::of);
    }

    /** Edits name or pricing while the app is not active (409 naming its state otherwise). */
    @Consumes(MediaType.APPLICATION_JSON)
    @PATCH
    @Path("/{app_id}")
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    @Operation(operationId = "editApp", summary = "Edit an app's name or pricing",
            description = "Changes the fields the request names (`name`, `pricing_model`, `base_price`; `platform_fee`, the "
                    + "app's override of the default fee, by an admin only: 403 `forbidden` for a developer), the others stay. "
                    + "Only while the app is draft or suspended (409 `invalid_app_state` naming its state otherwise: never "
                    + "while active or under review). Switching to free sets `base_price` 0 unless the request names one; a "
                    + "free app with a price is 400 `free_app_with_price`; a request naming no field is 400 "
                    + "`nothing_to_change`. Editing a suspended app sends it back through review: an admin's approval is "
                    + "refused until its developer submits it again. The developer edits its own apps (another's is 404 "
                    + "`unknown_app`); an admin any app, and then does not approve it until another admin has.",
            extensions = @Extension(name = "x-problem-codes", value = "nothing_to_change free_app_with_price unknown_app invalid_app_state invalid_field"))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EditAppRequest.class),
            examples = {
                    @ExampleObject(name = "price", summary = "A developer raises base_price to 8", value = "{\"base_price\": 8}"),
                    @ExampleObject(name = "fee", summary = "An admin overrides the platform fee", value = "{\"platform_fee\": 3}")}))
    @APIResponse(responseCode = "200", description = "The app as edited.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppView.class), examples = @ExampleObject(name = "edited", value = """
                    {"app_id": "my_app", "developer_id": "dev:alice", "name": "My App", "status": "suspended", \
                    "pricing_model": "paid", "base_price": 8, "platform_fee": 2, "revenue_split_dev": 70, "version": 5, \
                    "total_cost": 10, "developer_share": 7, "platform_share": 3}""")))
    public Uni<AppView> edit(@Parameter(description = APP_ID) @PathParam("app_id") String appId, @Valid @NotNull EditAppRequest request) {
        return apps.edit(appId, caller.getPrincipal().getName(), caller.hasRole(Roles.ADMIN), request).map(AppView::of);
    }

    /** draft or suspended → pending_review. */
    @POST
    @Path("/{app_id}/submit")
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    @Operation(operationId = "submitApp", summary = "Submit an app for review",
            description = "Moves a draft or suspended app to pending_review, where an admin approves it; its pricing "
                    + "cannot change meanwhile. Any other state is 409 `invalid_app_state`. By the app's developer (another's "
                    + "app is 404 `unknown_app`) or an admin.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_app invalid_app_state"))
    @APIResponse(responseCode = "200", description = "The app, now pending_review.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppView.class), examples = @ExampleObject(name = "submitted", value = """
                    {"app_id": "my_app", "developer_id": "dev:alice", "name": "My App", "status": "pending_review", \
                    "pricing_model": "paid", "base_price": 5, "platform_fee": 2, "revenue_split_dev": null, "version": 1, \
                    "total_cost": 7, "developer_share": null, "platform_share": null}""")))
    public Uni<AppView> submit(@Parameter(description = APP_ID) @PathParam("app_id") String appId) {
        return apps.submit(appId, caller.getPrincipal().getName(), caller.hasRole(Roles.ADMIN)).map(AppView::of);
    }

    /** active → suspended, by its developer or an admin. */
    @POST
    @Path("/{app_id}/pause")
    @RolesAllowed({Roles.DEVELOPER, Roles.ADMIN})
    @Operation(operationId = "pauseApp", summary = "Pause (suspend) an active app",
            description = "Moves an active app to suspended: it is no longer charged for, so it earns nothing, and its "
                    + "pricing may be edited. It returns to active only by an admin's approval (after a new review if it was "
                    + "edited). Any state but active is 409 `invalid_app_state`. By the app's developer (another's app is "
                    + "404 `unknown_app`) or an admin.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_app invalid_app_state"))
    @APIResponse(responseCode = "200", description = "The app, now suspended.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AppView.class), examples = @ExampleObject(name = "suspended", value = """
                    {"app_id": "my_app", "developer_id": "dev:alice", "name": "My App", "status": "suspended", \
                    "pricing_model": "paid", "base_price": 5, "platform_fee": 2, "revenue_split_dev": 70, "version": 4, \
                    "total_cost": 7, "developer_share": 4, "platform_share": 3}""")))
    public Uni<AppView> pause(@Parameter(description = APP_ID) @PathParam("app_id") String appId) {
        return apps.pause(appId, caller.getPrincipal().getName(), caller.hasRole(Roles.ADMIN)).map(AppView::of);
    }
}
