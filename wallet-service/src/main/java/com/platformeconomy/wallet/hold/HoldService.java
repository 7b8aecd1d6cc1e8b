package com.platformeconomy.wallet.hold;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.tracing.Traceparents;
import com.platformeconomy.wallet.balance.Accounts;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.idempotency.EventWindow;
import com.platformeconomy.wallet.idempotency.Fingerprint;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.wallet.redis.IdClaims;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Holds (escrow, SPEC §3): reserved tokens stop being available; a capture moves part or all of
 * them to the payee, a release or the expiry frees them. Each step is one Lua script, idempotent.
 */
@ApplicationScoped
public class HoldService {

    /** Who a hold belongs to and who receives its capture, and the bucket that keeps it (the account's). */
    public record Parties(String account, String payee, Keys.Bucket bucket) {
    }

    private final Redis redis;
    private final LuaScripts scripts;
    private final WalletService wallets;
    private final EventWindow window;
    private final WalletConfig config;

    private final Keys keys;
    private final IdClaims claims;

    public HoldService(Keys keys, IdClaims claims, Redis redis, LuaScripts scripts, WalletService wallets, EventWindow window,
                       WalletConfig config) {
        this.keys = keys;
        this.claims = claims;
        this.redis = redis;
        this.scripts = scripts;
        this.wallets = wallets;
        this.window = window;
        this.config = config;
    }

    /** 201 for a new hold; a replay of the same hold returns it as it is now. */
    public Uni<HoldRequests.HoldView> reserve(String account, HoldRequests.Reserve request) {
        wallets.requireAmount(request.amount());
        String payee = Accounts.require(request.payee() == null ? config.revenueAccount() : request.payee());
        if (payee.equals(account)) {
            throw new ApiException(ErrorCode.PAYEE_IS_HOLDER, "A hold cannot pay its own account.");
        }
        String fingerprint = Fingerprint.of(account, request.amount().toString(), request.purpose(), payee,
                request.ttlSeconds().toString());
        Keys.Bucket bucket = wallets.home(account, payee); // its capture moves tokens between the two in one script
        long claimTtl = request.ttlSeconds() + window.recordTtlSeconds(); // the hold lives its ttl, then its record
        return window.admit(EventWindow.Kind.hold, request.holdId())
                .chain(() -> claims.claim(IdClaims.HOLD, request.holdId(), bucket, claimTtl, () -> new ApiException(ErrorCode.HOLD_ID_REUSED,
                        "hold_id " + request.holdId() + " was already used for another hold; it differed in account.")))
                .chain(() -> scripts.run(Script.HOLD,
                        List.of(bucket.hold(request.holdId()), bucket.wallet(account), bucket.holdExpiry(), bucket.holdStats(),
                                bucket.seq()),
                        List.of(fingerprint, request.holdId(), account, request.amount().toString(), request.purpose(),
                                payee, request.ttlSeconds().toString(), Long.toString(window.recordTtlSeconds()))))
                .map(raw -> {
                    HoldReply reply = HoldReply.decode(raw);
                    if (reply instanceof HoldReply.Held held) {
                        return new HoldRequests.HoldView(request.holdId(), held.state(), held.amount(), null, held.expiresAt());
                    }
                    if (reply instanceof HoldReply.Refused refusal) {
                        throw new ApiException(ErrorCode.INSUFFICIENT_BALANCE,
                                account + " has " + refusal.available() + " tokens available; the hold needs " + request.amount() + ".");
                    }
                    if (reply instanceof HoldReply.Conflict conflict) {
                        throw new ApiException(ErrorCode.HOLD_ID_REUSED,
                                "hold_id " + request.holdId() + " was already used for another hold; it differed in "
                                        + String.join(", ", Fingerprint.differing(conflict.storedFingerprint(), fingerprint, 1,
                                        "account", "amount", "purpose", "payee", "ttl_seconds")) + ".");
                    }
                    throw new IllegalStateException("hold reply not handled: " + reply);
                });
    }

    /**
     * The hold's parties, from its record in its account's bucket: the one bucket there is, else the
     * bucket its id was claimed for (IdClaims); should that claim have lapsed, every bucket is asked.
     */
    public Uni<Parties> parties(String holdId) {
        Uni<List<Keys.Bucket>> where = !claims.needed() ? Uni.createFrom().item(keys.all())
                : claims.holder(IdClaims.HOLD, holdId).map(holder -> holder.map(List::of).orElse(keys.all()));
        return where.chain(buckets -> Uni.join().all(buckets.stream().map(bucket -> parties(holdId, bucket)).toList()).andFailFast())
                .map(found -> found.stream().filter(p -> p != null).findFirst().orElseThrow(() -> new ApiException(
                        ErrorCode.UNKNOWN_HOLD, "No hold '" + holdId + "' is known (or it ended over " + config.idempotencyWindow() + " ago).")));
    }

    /** The hold's parties if {@code bucket} keeps it, else null. */
    private Uni<Parties> parties(String holdId, Keys.Bucket bucket) {
        return redis.send(Request.cmd(Command.HMGET).arg(bucket.hold(holdId)).arg("account").arg("payee"))
                // A hold whose reservation was refused keeps its record (the first outcome) but holds nothing.
                .map(reply -> reply.get(0) == null || reply.get(1) == null ? null
                        : new Parties(reply.get(0).toString(), reply.get(1).toString(), bucket));
    }

    /** Captures {@code amount} (≤ held) for the payee; the rest of the hold is freed. */
    public Uni<HoldRequests.HoldView> capture(String holdId, Parties parties, long amount) {
        wallets.requireAmount(amount);
        return end(holdId, parties, HoldState.CAPTURED.wire(), amount);
    }

    public Uni<HoldRequests.HoldView> release(String holdId, Parties parties) {
        return end(holdId, parties, HoldState.RELEASED.wire(), 0);
    }

    /** Releases a hold whose time has come; false if it was not due or had ended already. */
    public Uni<Boolean> expire(String holdId, Keys.Bucket bucket) {
        return parties(holdId, bucket).onItem().ifNull().failWith(() -> new ApiException(ErrorCode.UNKNOWN_HOLD, holdId))
                .chain(parties -> settle(holdId, parties, HoldState.EXPIRED.wire(), 0))
                .map(reply -> reply instanceof SettleHoldReply.Settled settled && !settled.replayed())
                .onFailure(ApiException.class).recoverWithItem(false);
    }

    /** Active holds and the tokens they hold, summed over the buckets. */
    public Uni<HoldRequests.Stats> stats() {
        return keys.eachBucket(bucket -> redis.send(Request.cmd(Command.HMGET).arg(bucket.holdStats()).arg("count").arg("total")))
                .map(replies -> {
                    long count = 0;
                    long total = 0;
                    for (var reply : replies) {
                        count += reply.get(0) == null ? 0 : reply.get(0).toLong();
                        total += reply.get(1) == null ? 0 : reply.get(1).toLong();
                    }
                    return new HoldRequests.Stats(count, total);
                });
    }

    private Uni<HoldRequests.HoldView> end(String holdId, Parties parties, String ending, long amount) {
        return settle(holdId, parties, ending, amount).map(reply -> {
            if (reply instanceof SettleHoldReply.Settled settled) {
                return new HoldRequests.HoldView(holdId, settled.state(), amount, settled.captured(), null);
            }
            if (reply instanceof SettleHoldReply.UnknownHold) {
                throw new ApiException(ErrorCode.UNKNOWN_HOLD, "No hold '" + holdId + "' is known.");
            }
            if (reply instanceof SettleHoldReply.NotActive notActive) {
                throw new ApiException(ErrorCode.HOLD_NOT_ACTIVE, "Hold " + holdId + " is " + notActive.state() + " already.");
            }
            if (reply instanceof SettleHoldReply.Overflow) {
                throw WalletService.balanceLimit();
            }
            if (reply instanceof SettleHoldReply.TooMuch tooMuch) {
                throw new ApiException(ErrorCode.CAPTURE_EXCEEDS_HOLD,
                        "Hold " + holdId + " holds " + tooMuch.held() + " tokens; " + amount + " cannot be captured.");
            }
            if (reply instanceof SettleHoldReply.Short shortOf) {
                throw new ApiException(ErrorCode.INSUFFICIENT_BALANCE, "Hold " + holdId + " is for tokens the account's balance ("
                        + shortOf.balance() + ") no longer covers; " + amount + " cannot be captured.");
            }
            // A stale payee or an early expiry cannot come from a capture or release the caller asked for.
            throw new IllegalStateException("settle_hold script answered " + reply + " for hold " + holdId);
        });
    }

    private Uni<SettleHoldReply> settle(String holdId, Parties parties, String ending, long amount) {
        return scripts.run(Script.SETTLE_HOLD,
                List.of(parties.bucket().hold(holdId), parties.bucket().wallet(parties.account()),
                        parties.bucket().wallet(parties.payee()), parties.bucket().holdExpiry(), parties.bucket().holdStats(),
                        parties.bucket().billingStream(), parties.bucket().seq(), parties.bucket().accounts()),
                List.of(holdId, ending, Long.toString(amount), Long.toString(window.recordTtlSeconds()),
                        SuiteIds.holdCapture(holdId), parties.payee(), Traceparents.current(), parties.bucket().stride()))
                .map(SettleHoldReply::decode);
    }
}
