package com.platformeconomy.wallet.balance;

import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
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

@Path("/v1/wallets/{account}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    private final WalletService wallets;
    private final EventWindow window;
    private final SecurityIdentity caller;
    private final TokenLedger ledger;
    private final WalletConfig config;

    public WalletResource(WalletService wallets, EventWindow window, SecurityIdentity caller, TokenLedger ledger,
                          WalletConfig config) {
        this.ledger = ledger;
        this.config = config;
        this.wallets = wallets;
        this.window = window;
        this.caller = caller;
    }

    /** {@code {account, balance, held, available}}; a wallet never credited has balance 0. */
    @GET
    @Authenticated
    public Uni<Balance> balance(@PathParam("account") String account) {
        Accounts.require(account);
        Ownership.requireOwnerOrPrivileged(caller, account);
        return wallets.balance(account);
    }

    /** Credits the wallet once per event id: 201 the first time, 200 with the first outcome on a replay. */
    @POST
    @Path("/credits")
    @RolesAllowed(Roles.ADMIN) // no service credits over HTTP: credits arrive as events
    public Uni<Response> credit(@PathParam("account") String account, @Valid @NotNull MoveRequests.Credit request) {
        Accounts.require(account);
        LedgerRow movement = new LedgerRow(request.eventId(), 0, LedgerRow.TO, account, request.amount(),
                config.treasuryAccount(), TokensTransferred.CREDIT, "credit", null);
        return window.admit(EventWindow.Kind.event, request.eventId())
                .chain(() -> wallets.credit(account, request.eventId(), request.amount(), request.reason())
                        .map(t -> moved(request.eventId(), t.toBalance(), t.replayed())))
                .onFailure(EventWindow::isTooOld).recoverWithUni(tooOld -> fromLedger(movement, tooOld));
    }

    /** Debits the wallet once per event id; 402 when it cannot pay. Its owner may spend it, as may a service. */
    @POST
    @Path("/debits")
    @Authenticated
    public Uni<Response> debit(@PathParam("account") String account, @Valid @NotNull MoveRequests.Debit request) {
        Accounts.require(account);
        Ownership.requireOwnerOrPrivileged(caller, account, Roles.DEVELOPER_EARNINGS_SERVICE); // tier purchases
        LedgerRow movement = new LedgerRow(request.eventId(), 0, LedgerRow.FROM, account, -request.amount(),
                config.revenueAccount(), TokensTransferred.DEBIT, request.category(), null);
        return window.admit(EventWindow.Kind.event, request.eventId())
                .chain(() -> wallets.debit(account, request.eventId(), request.amount(), request.category(), request.reason())
                        .map(t -> moved(request.eventId(), t.fromBalance(), t.replayed())))
                .onFailure(EventWindow::isTooOld).recoverWithUni(tooOld -> fromLedger(movement, tooOld));
    }

    /**
     * A replay that arrives after the window: if the ledger (the permanent record) holds exactly
     * this movement under its id, its first outcome is answered from there (200, the balance right
     * after it); otherwise it stays refused (409 event_too_old). Nothing is applied either way.
     */
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
