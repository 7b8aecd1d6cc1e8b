package com.platformeconomy.wallet.topup;

import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.topup.TopUpSaga.Outcome;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Function;

/**
 * A movement the top-ups make under a suite id (a chargeback's take, a refund's take, a won
 * dispute's return), made once: the ledger answers a repeat for good, Redis (the id's record) for
 * the days the ledger may lag behind.
 */
@ApplicationScoped
public class SuiteMoves {

    private final TokenLedger ledger;

    public SuiteMoves(TokenLedger ledger) {
        this.ledger = ledger;
    }

    /** Makes the movement under {@code eventId} unless it was made: replay when it was, applied when made now. */
    Uni<Outcome> once(String eventId, Function<String, Uni<WalletService.Transfer>> move) {
        return ledger.booked(List.of(eventId)).chain(rows -> !rows.isEmpty() ? Uni.createFrom().item(Outcome.replay)
                : move.apply(eventId).map(moved -> moved.replayed() ? Outcome.replay : Outcome.applied));
    }
}
