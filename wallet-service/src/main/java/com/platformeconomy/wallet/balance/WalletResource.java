package com.platformeconomy.wallet.balance;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.idempotency.EventWindow;
import com.platformeconomy.wallet.ledger.LedgerRow;
import com.platformeconomy.wallet.ledger.TokenLedger;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import com.platformeconomy.wallet.redis.LuaScripts;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/wallets/{account}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "wallets", description = "Token balances of accounts, and the credits and debits that move them.")
public class WalletResource {

    static final String ACCOUNT = "The account: `user:…`, `dev:…`, `node-op:…`, `platform:…` or `escrow`.";

    private final WalletService wallets;
    private final EventWindow window;
    private final SecurityIdentity caller;
    private final TokenLedger ledger;
    private final WalletConfig config;
    private final AdminCredits adminCredits;
    private final LuaScripts scripts;

    public WalletResource(WalletService wallets, EventWindow window, SecurityIdentity caller, TokenLedger ledger,
                          WalletConfig config, AdminCredits adminCredits, LuaScripts scripts) {
        this.adminCredits = adminCredits;
        this.scripts = scripts;
        this.ledger = ledger;
        this.config = config;
        this.wallets = wallets;
        this.window = window;
        this.caller = caller;
    }

    /** {@code {account, balance, held, available}}; a wallet never credited has balance 0. */
    @GET
    @Authenticated
    @Operation(operationId = "getWallet", summary = "Read a wallet's balance",
            description = "The account's balance, the tokens held by its active holds, and what is available "
                    + "(balance − held). A wallet never credited has balance 0. The account's owner (the token's subject) "
                    + "or an admin may read it, and developer-earnings-service a developer's (`dev:…`), whose payouts wait "
                    + "while it is below zero; anyone else is refused 403.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_account"))
    @APIResponse(responseCode = "200", description = "The wallet as it is now.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Balance.class),
                    examples = @ExampleObject(name = "with-holds", value = "{\"account\":\"user:alice\",\"balance\":1000,\"held\":150,\"available\":850}")))
    public Uni<Balance> balance(@Parameter(description = ACCOUNT) @PathParam("account") String account) {
        Accounts.require(account);
        if (Accounts.isDeveloper(account)) {
            // SPEC §10: no payout to a developer that owes the wallet (a top-up it spent taken back).
            Ownership.requireOwnerOrPrivileged(caller, account, Roles.DEVELOPER_EARNINGS_SERVICE);
        } else {
            Ownership.requireOwnerOrPrivileged(caller, account);
        }
        return wallets.balance(account);
    }

    /** Credits the wallet once per event id: 201 the first time, 200 with the first outcome on a replay. */
    @POST
    @Path("/credits")
    @RolesAllowed(Roles.ADMIN) // no service credits over HTTP: credits arrive as events
    @Operation(operationId = "creditWallet", summary = "Credit a wallet from the treasury",
            description = "Moves `amount` tokens from `platform:treasury` to the account, once per `event_id` (admins only: "
                    + "services credit through events, not this route; never an admin's own account, 403: another admin credits it; "
                    + "never a system account, `platform:…` or `escrow`, 403: only the suite's own movements move those). "
                    + "Four eyes (SPEC §10): one admin alone credits at most `wallet.admin-credits.single-admin-daily-max` "
                    + "tokens (10,000 by default) in any 24 hours; a credit past that answers 202 `awaiting_second_admin`, "
                    + "moves nothing, and is made when a second admin sends the same request (the same admin again: 202 again), "
                    + "within the `event_id`'s window. "
                    + "The first request answers 201 with the balance "
                    + "right after the credit; the same request again answers 200 with that first outcome and moves nothing. "
                    + "The same `event_id` with another account, amount or reason is refused (409 `event_id_reused`). "
                    + "An `event_id` is accepted only within the idempotency window (15 minutes by default) from its "
                    + "UUIDv7 time or its first sight; later it is refused (409 `event_too_old`) unless its first outcome is "
                    + "still remembered (for a window from when it was applied) or the ledger shows this very credit: "
                    + "that outcome is then answered. `occurred_at` is accepted and ignored.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_account invalid_field invalid_event_id event_in_future "
            + "invalid_amount event_id_reused event_too_old balance_limit"))
    @APIResponse(responseCode = "201", description = "Credited now: the wallet's balance right after the credit.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MoveRequests.Moved.class),
                    examples = @ExampleObject(name = "credited", value = "{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8057\",\"balance\":9450}")))
    @APIResponse(responseCode = "200", description = "A replay: the first outcome of this `event_id`; nothing moved again.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MoveRequests.Moved.class),
                    examples = @ExampleObject(name = "replayed", value = "{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8057\",\"balance\":9450}")))
    @APIResponse(responseCode = "202", description = "Past this admin's allowance: recorded, nothing moved; a second admin's same request makes it.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MoveRequests.AwaitingSecondAdmin.class),
                    examples = @ExampleObject(name = "awaiting", value = "{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8057\","
                            + "\"state\":\"awaiting_second_admin\",\"account\":\"user:alice\",\"amount\":50000}")))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "payout-refund", value = "{\"event_id\":\"01890a5d-ac96-774b-bcce-b302099a8057\",\"amount\":9450,\"reason\":\"refund of a rejected payout\"}")))
    public Uni<Response> credit(@Parameter(description = ACCOUNT) @PathParam("account") String account,
                                @Valid @NotNull MoveRequests.Credit request) {
        Accounts.require(account);
        refuseSystemAccount(account, "credited");
        Ownership.refuseOwnAccount(caller, account, "credit the wallet");
        wallets.requireAmount(request.amount()); // before four eyes count it
        LedgerRow movement = new LedgerRow(request.eventId(), 0, LedgerRow.TO, account, request.amount(),
                config.treasuryAccount(), TokensTransferred.CREDIT, "credit", null);
        // The deadline from now, before the window admits the id: the four eyes' wait in PostgreSQL
        // counts towards it, so a replay admitted at the window's end never reaches Redis after the
        // id's record (window + late-after) expired; past it Redis refuses (503), and a retry is admitted anew.
        // Redis' clock not known yet: a 503 only when the credit is to be made, not for a refusal or a 202.
        Deadline deadline = Deadline.take(scripts);
        return window.admit(EventWindow.Kind.event, request.eventId())
                .chain(() -> adminCredits.decide(asker(), account, request.eventId(), request.amount(), request.reason()))
                .chain(decision -> decision == AdminCredits.Decision.AWAIT_SECOND_ADMIN
                        ? Uni.createFrom().item(Response.accepted(new MoveRequests.AwaitingSecondAdmin(request.eventId(), account,
                                request.amount())).build())
                        : deadline.value().chain(taken -> wallets.credit(account, request.eventId(), request.amount(), request.reason(),
                                asker(), taken))
                                .map(t -> moved(request.eventId(), t.toBalance(), t.replayed())))
                .onFailure(EventWindow::isTooOld).recoverWithUni(tooOld -> late(wallets.rememberedCredit(account,
                                request.eventId(), request.amount(), request.reason())
                        .map(t -> t.map(WalletService.Transfer::toBalance)), movement, tooOld));
    }

    /** Debits the wallet once per event id; 402 when it cannot pay. Its owner may spend it, an admin, and earnings a developer's tier fee. */
    @POST
    @Path("/debits")
    @Authenticated
    @Operation(operationId = "debitWallet", summary = "Debit a wallet to the platform's revenue",
            description = "Moves `amount` tokens from the account to `platform:revenue`, once per `event_id`; `category` "
                    + "is api_usage, ad_spend, tier_fee or other. The account's owner and an admin may debit it; "
                    + "nobody debits a system account (`platform:…`, `escrow`: 403), which may go below zero, so a debit of one "
                    + "would be revenue paid by nobody; "
                    + "developer-earnings-service only a developer's (`dev:…`) tier fee (`tier_fee`, a tier purchase); anyone "
                    + "and anything else is refused 403. When fewer than `amount` tokens are "
                    + "available (balance − held) nothing moves and the answer is 402 `insufficient_balance`; e.g. a studio "
                    + "tier purchase debits 29000 tokens. The first request answers 201 with the balance right after; the "
                    + "same request again answers 200 with that first outcome (a refusal is answered again as refused). "
                    + "The same `event_id` with another body is refused (409 `event_id_reused`); an `event_id` past the "
                    + "idempotency window is refused (409 `event_too_old`) unless its first outcome is still remembered (for a "
                    + "window from when it was applied) or the ledger shows this very debit: that outcome is answered. "
                    + "A tier purchase's debit carries its own id (`pes/tier-fee/…`), which only "
                    + "developer-earnings-service may name (anyone else: 400 `invalid_event_id`) and which has no window: "
                    + "the ledger and then Redis answer a debit already made. `occurred_at` is accepted and ignored.",
            extensions = @Extension(name = "x-problem-codes", value = "unknown_account invalid_field invalid_event_id event_in_future "
            + "invalid_amount insufficient_balance event_id_reused event_too_old balance_limit"))
    @APIResponse(responseCode = "201", description = "Debited now: the wallet's balance right after the debit.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MoveRequests.Moved.class),
                    examples = @ExampleObject(name = "debited", value = "{\"event_id\":\"pes/tier-fee/01890a5d-ac96-774b-bcce-b302099a8057\",\"balance\":21000}")))
    @APIResponse(responseCode = "200", description = "A replay: the first outcome of this `event_id`; nothing moved again.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MoveRequests.Moved.class),
                    examples = @ExampleObject(name = "replayed", value = "{\"event_id\":\"pes/tier-fee/01890a5d-ac96-774b-bcce-b302099a8057\",\"balance\":21000}")))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "tier-fee", value = "{\"event_id\":\"pes/tier-fee/01890a5d-ac96-774b-bcce-b302099a8057\",\"amount\":29000,\"category\":\"tier_fee\",\"reason\":\"studio tier, one year\"}")))
    public Uni<Response> debit(@Parameter(description = ACCOUNT) @PathParam("account") String account,
                               @Valid @NotNull MoveRequests.Debit request) {
        Accounts.require(account);
        refuseSystemAccount(account, "debited");
        Ownership.requireOwnerOrPrivileged(caller, account, Roles.DEVELOPER_EARNINGS_SERVICE); // tier purchases
        requireWhatTheCallerMayDebit(account, request.category());
        LedgerRow movement = new LedgerRow(request.eventId(), 0, LedgerRow.FROM, account, -request.amount(),
                config.revenueAccount(), TokensTransferred.DEBIT, request.category(), null);
        if (SuiteIds.isTierFee(request.eventId())) {
            return tierFee(account, request, movement);
        }
        String deadline = scripts.deadline(); // before the admission: see LuaScripts.deadline
        return window.admit(EventWindow.Kind.event, request.eventId())
                .chain(() -> wallets.debit(account, request.eventId(), request.amount(), request.category(), request.reason(), asker(),
                        deadline)
                        .map(t -> moved(request.eventId(), t.fromBalance(), t.replayed())))
                .onFailure(EventWindow::isTooOld).recoverWithUni(tooOld -> late(wallets.rememberedDebit(account,
                                request.eventId(), request.amount(), request.category(), request.reason())
                        .map(t -> t.map(WalletService.Transfer::fromBalance)), movement, tooOld));
    }

    /**
     * SPEC §10: developer-earnings-service is named on the debit route for one movement, a tier
     * purchase, which debits a developer's own account its tier fee. Its credential debits nothing
     * else: not a user's wallet, and not a system account, which may go below zero (an api_usage
     * debit of the treasury would be revenue paid out 90/9/1 from nothing). The account's owner and
     * an admin debit as before.
     */
    private void requireWhatTheCallerMayDebit(String account, String category) {
        if (caller.hasRole(Roles.ADMIN) || caller.getPrincipal().getName().equals(account)) {
            return;
        }
        if (!Accounts.isDeveloper(account) || !TIER_FEE.equals(category)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "developer-earnings-service debits only a developer's (dev:…) "
                    + "tier fee (category tier_fee).");
        }
    }

    private static final String TIER_FEE = "tier_fee";

    /** A movement's deadline taken now (LuaScripts.deadline), or why none could be (Redis' clock not known yet), for later. */
    private record Deadline(String taken, RuntimeException notTaken) {
        static Deadline take(LuaScripts scripts) {
            try {
                return new Deadline(scripts.deadline(), null);
            } catch (RuntimeException clockNotKnown) {
                return new Deadline(null, clockNotKnown);
            }
        }

        Uni<String> value() {
            return taken != null ? Uni.createFrom().item(taken) : Uni.createFrom().failure(notTaken);
        }
    }

    /** The caller, kept with a movement of another account's tokens (WalletService.actorOf: SPEC §10, four eyes). */
    private String asker() {
        return caller.getPrincipal().getName();
    }

    /**
     * SPEC §10: the system accounts move only by the suite's own movements (a charge, a top-up's
     * credit, an award, a distribution), never by a caller, an admin included. They may go below zero,
     * so an admin's api_usage debit of the treasury would be revenue nobody paid, distributed 90/9/1
     * (some of it, perhaps, to an account the admin owns); a credit of one from the treasury moves
     * the platform's own tokens for no one.
     */
    private static void refuseSystemAccount(String account, String moved) {
        Accounts.refuseSystem(account, "it is never " + moved + " over this route, only by the suite's own movements.");
    }

    /**
     * A tier purchase's debit under its own suite id ({@link SuiteIds#tierFee}): only
     * developer-earnings-service names one, only for a developer's tier fee; to anyone else it is a
     * malformed id, as every suite id is. It is not held to a caller's window: Redis remembers a suite
     * id's outcome for {@code wallet.suite-id-record-ttl} (7 days) and the ledger for good, which is
     * asked first. So a purchase retried after a wallet outage is debited then, or answered the debit
     * it had: never debited twice (unless the ledger is more than the record's life behind), never
     * stuck (a caller's id would be refused {@code event_too_old} for ever once Redis forgot it and the
     * ledger does not hold it).
     */
    private Uni<Response> tierFee(String account, MoveRequests.Debit request, LedgerRow movement) {
        if (!caller.hasRole(Roles.DEVELOPER_EARNINGS_SERVICE) || !TIER_FEE.equals(request.category())
                || !Accounts.isDeveloper(account)) {
            EventWindow.requireCallerId(EventWindow.Kind.event, request.eventId());
        }
        // Anything under the id first, then whether it is this movement: the ledger only ever adds
        // rows, so once the first read finds some the second sees them too. The other order took a
        // debit booked between the two reads for another movement (409 to a plain retry).
        return ledger.booked(List.of(request.eventId())).chain(any -> any.isEmpty()
                ? wallets.debit(account, request.eventId(), request.amount(), request.category(), request.reason(), asker())
                        .map(t -> moved(request.eventId(), t.fromBalance(), t.replayed()))
                : ledger.balanceAfter(movement).map(booked -> {
                    if (booked.isEmpty()) {
                        // Redis may have forgotten the id (7 days): the ledger still knows it named another movement.
                        throw new ApiException(ErrorCode.EVENT_ID_REUSED,
                                "The ledger holds " + request.eventId() + " for another movement.");
                    }
                    return moved(request.eventId(), booked.get(), true);
                }));
    }

    /**
     * A replay that arrives after the window: its first outcome as Redis still remembers it (a
     * record lives a window from when it was applied, so a retry just past the window is answered
     * from it, even while the ledger has not booked the movement yet; {@code remembered} is the
     * balance then, or empty); else if the ledger (the permanent record) holds exactly this movement
     * under its id, the balance right after it (200); otherwise it stays refused (409 event_too_old).
     * Nothing is applied.
     */
    private Uni<Response> late(Uni<java.util.Optional<Long>> remembered, LedgerRow movement, Throwable tooOld) {
        return remembered.chain(balance -> balance.isPresent()
                ? Uni.createFrom().item(moved(movement.eventId(), balance.get(), true))
                : fromLedger(movement, tooOld));
    }

    private Uni<Response> fromLedger(LedgerRow movement, Throwable tooOld) {
        return ledger.balanceAfter(movement).map(balance -> {
            if (balance.isEmpty()) {
                throw (RuntimeException) tooOld;
            }
            return moved(movement.eventId(), balance.get(), true);
        });
    }

    private static Response moved(String eventId, long balance, boolean replayed) {
        return Response.status(replayed ? Response.Status.OK : Response.Status.CREATED)
                .entity(new MoveRequests.Moved(eventId, balance)).build();
    }
}
