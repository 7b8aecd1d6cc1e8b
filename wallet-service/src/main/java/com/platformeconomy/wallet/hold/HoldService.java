package com.platformeconomy.wallet.hold;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.platform.tracing.Traceparents;
import com.platformeconomy.wallet.balance.Accounts;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.idempotency.EventWindow;
import com.platformeconomy.wallet.idempotency.Fingerprint;
import com.platformeconomy.contracts.event.SuiteIds;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.wallet.ledger.LedgerRow;
import com.platformeconomy.wallet.ledger.TokenLedger;
import com.platformeconomy.wallet.redis.Answered;
import org.jboss.logging.Logger;
import com.platformeconomy.wallet.redis.IdClaims;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaReply;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import com.platformeconomy.wallet.redis.WalletRedis;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Holds (escrow, SPEC §3): reserved tokens stop being available; a capture moves part or all of
 * them to the payee, a release or the expiry frees them. Each step is one Lua script, idempotent.
 *
 * <p>A hold lives in its account's Redis bucket. Where the payee is an owner kept in another bucket
 * (wallet.redis.buckets &gt; 1; docs/scaling.md step 6), no script can reach both wallets, so a
 * capture has two legs: the capture script moves the tokens to the {@code escrow} sub-account of the
 * hold's bucket and marks the hold {@code landing=pending}; then {@link #land} credits the payee from
 * the {@code escrow} sub-account of the payee's bucket under the suite id {@link SuiteIds#holdLanding}
 * (once: the transfer's record, then the ledger) and marks the hold landed. Until then the tokens are
 * in flight: the two sub-accounts (one positive, one negative) sum to them, and the landing index
 * keeps the hold for {@link HoldExpiry}'s sweep, which lands what a crash left pending.
 */
@ApplicationScoped
public class HoldService {

    private static final Logger LOG = Logger.getLogger(HoldService.class);

    /**
     * Who a hold belongs to and who receives its capture, the bucket that keeps it (the account's), its
     * state then, and who reserved it (the token's subject; null for a hold reserved before it was kept).
     */
    public record Parties(String account, String payee, Keys.Bucket bucket, String state, String reservedBy) {

        /** Whether {@code caller} reserved this hold on a wallet not its own: then it does not capture it (four eyes). */
        public boolean reservedForAnotherBy(String caller) {
            return reservedBy != null && !reservedBy.equals(account) && Ownership.isOwnAccount(caller, reservedBy);
        }
    }

    private final WalletRedis redis;
    private final Answered answered;
    private final LuaScripts scripts;
    private final WalletService wallets;
    private final EventWindow window;
    private final WalletConfig config;

    private final Keys keys;
    private final IdClaims claims;
    private final TokenLedger ledger;

    public HoldService(Keys keys, IdClaims claims, WalletRedis redis, LuaScripts scripts, WalletService wallets, EventWindow window,
                       WalletConfig config, TokenLedger ledger, Answered answered) {
        this.answered = answered;
        this.keys = keys;
        this.ledger = ledger;
        this.claims = claims;
        this.redis = redis;
        this.scripts = scripts;
        this.wallets = wallets;
        this.window = window;
        this.config = config;
    }

    /** 201 for a new hold, reserved by {@code reservedBy} (the token's subject); a replay of the same hold returns it as it is now. */
    public Uni<HoldRequests.HoldView> reserve(String account, HoldRequests.Reserve request, String reservedBy) {
        wallets.requireAmount(request.amount());
        String payee = Accounts.require(request.payee() == null ? config.revenueAccount() : request.payee());
        // A system account's tokens move only by the suite's own movements (as on the credit and debit
        // routes): no hold on one, whoever asks; and escrow, where captures to other buckets pass, pays no one
        // through a hold and is paid by none.
        Accounts.refuseSystem(account, "no hold is made on it.");
        if (payee.equals(Accounts.ESCROW)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "escrow is where the suite's own captures pass: no hold pays it.");
        }
        if (payee.equals(account)) {
            throw new ApiException(ErrorCode.PAYEE_IS_HOLDER, "A hold cannot pay its own account.");
        }
        String fingerprint = Fingerprint.of(account, request.amount().toString(), request.purpose(), payee,
                request.ttlSeconds().toString());
        // Its capture moves tokens between the two in one script, or through escrow where the payee is in another bucket.
        Keys.Bucket bucket = crosses(account, payee) ? keys.of(account) : wallets.home(account, payee);
        long claimTtl = request.ttlSeconds() + window.recordTtlSeconds(); // the hold lives its ttl, then its record
        String deadline = scripts.deadline(); // before the admission: see LuaScripts.deadline
        return window.admit(EventWindow.Kind.hold, request.holdId())
                .chain(() -> claims.claim(IdClaims.HOLD, request.holdId(), bucket, claimTtl, () -> new ApiException(ErrorCode.HOLD_ID_REUSED,
                        "hold_id " + request.holdId() + " was already used for another hold; it differed in account.")))
                .chain(() -> scripts.run(Script.HOLD,
                        List.of(bucket.hold(request.holdId()), bucket.wallet(account), bucket.holdExpiry(), bucket.holdStats(),
                                bucket.seq()),
                        List.of(fingerprint, request.holdId(), account, request.amount().toString(), request.purpose(),
                                payee, request.ttlSeconds().toString(), Long.toString(window.recordTtlSeconds()), deadline,
                                reservedBy, Integer.toString(config.maxActiveHoldsPerAccount()))))
                .map(HoldReply::decode)
                // A refusal (too few tokens, or past the limit) keeps its record only (the window): its id's claim no longer than that.
                .call(reply -> reply instanceof HoldReply.Refused || reply instanceof HoldReply.Limit
                        ? claims.cutBack(IdClaims.HOLD, request.holdId(), window.recordTtlSeconds()) : Uni.createFrom().voidItem())
                .map(reply -> {
                    if (reply instanceof HoldReply.Held held) {
                        return new HoldRequests.HoldView(request.holdId(), held.state(), held.amount(), null, held.expiresAt());
                    }
                    if (reply instanceof HoldReply.Refused refusal) {
                        throw new ApiException(ErrorCode.INSUFFICIENT_BALANCE,
                                account + " has " + refusal.available() + " tokens available; the hold needs " + request.amount() + ".");
                    }
                    if (reply instanceof HoldReply.Limit limit) {
                        throw new ApiException(ErrorCode.HOLD_LIMIT, account + " has " + limit.active() + " active holds, the most one account may have ("
                                + config.maxActiveHoldsPerAccount() + "); once one is captured, released or expired, reserve under a new hold_id.");
                    }
                    if (reply instanceof HoldReply.Conflict conflict) {
                        List<String> differing = Fingerprint.differing(conflict.storedFingerprint(), fingerprint, 1,
                                "account", "amount", "purpose", "payee", "ttl_seconds");
                        throw new ApiException(ErrorCode.HOLD_ID_REUSED, "hold_id " + request.holdId() + " was already used for "
                                + (differing.isEmpty() ? "a hold another caller reserved."
                                        : "another hold; it differed in " + String.join(", ", differing) + "."));
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
                .map(found -> found.stream().filter(p -> p != null).findFirst().orElseThrow(() -> unknown(holdId)));
    }

    /** The answer to a hold id that names no hold, or none the caller may know of: the same words either way. */
    public ApiException unknown(String holdId) {
        return new ApiException(ErrorCode.UNKNOWN_HOLD, "No hold '" + holdId + "' is known (or it ended over "
                + config.idempotencyWindow() + " ago).");
    }

    /** The hold's parties if {@code bucket} keeps it, else null. */
    private Uni<Parties> parties(String holdId, Keys.Bucket bucket) {
        return answered.within(redis.call(Command.HMGET, bucket.hold(holdId), "account", "payee", "state", "reserved_by"))
                // A hold whose reservation was refused keeps its record (the first outcome) but holds nothing.
                .map(reply -> reply.get(0) == null || reply.get(1) == null ? null
                        : new Parties(reply.get(0).toString(), reply.get(1).toString(), bucket,
                                reply.get(2) == null ? null : reply.get(2).toString(),
                                reply.get(3) == null ? null : reply.get(3).toString()));
    }

    /**
     * Captures {@code amount} (≤ held) for the payee; the rest of the hold is freed. {@code admin}, who
     * asked, is kept with the capture's movement (SPEC §10, four eyes).
     */
    public Uni<HoldRequests.HoldView> capture(String holdId, Parties parties, long amount, String admin) {
        wallets.requireAmount(amount);
        if (!HoldState.ACTIVE.wire().equals(parties.state())) {
            return end(holdId, parties, HoldState.CAPTURED.wire(), amount, admin); // a replay's first outcome, or its refusal
        }
        // The hold's record is what refuses a second capture, and Redis' data loss takes it: a hold id
        // reserved again after the rebuild must not be captured again under the same capture id. Its
        // landing booked alone (the payee paid, the capture's leg lost with its bucket's stream) is the
        // same capture only when it paid this payee this amount: then capturing again makes the lost leg
        // again, and the landing is found booked (nothing paid twice); else the landing would be taken
        // for another capture's, its tokens stranded in escrow.
        String capture = SuiteIds.holdCapture(holdId);
        String landing = SuiteIds.holdLanding(holdId);
        return ledger.booked(List.of(capture, landing)).chain(booked -> {
            LedgerRow landed = booked.get(TokenLedger.key(landing, LedgerRow.TO));
            boolean otherLanding = landed != null && !isLandingOf(landed, parties.payee(), amount);
            boolean captured = booked.containsKey(TokenLedger.key(capture, LedgerRow.FROM))
                    || booked.containsKey(TokenLedger.key(capture, LedgerRow.TO));
            if (captured || otherLanding) {
                throw new ApiException(ErrorCode.HOLD_NOT_ACTIVE, "Hold " + holdId + " was captured already: the ledger holds "
                        + (otherLanding ? landing + " (" + landed.amount() + " to " + landed.account() + ")" : capture)
                        + " (its record went with a Redis that lost its data). Release this reservation.");
            }
            return end(holdId, parties, HoldState.CAPTURED.wire(), amount, admin);
        });
    }

    public Uni<HoldRequests.HoldView> release(String holdId, Parties parties) {
        return end(holdId, parties, HoldState.RELEASED.wire(), 0, "");
    }

    /**
     * Releases a hold whose time has come; false if it was not due yet or a replica ended it already.
     * Fails when it could not be released now (Redis away or refusing, the deadline unusable: a 503),
     * with {@code unknown_hold} when {@code bucket} indexes the hold but keeps no record of it, and
     * when the script will not end it (any other answer): the sweep counts each (HoldExpiry), so a
     * hold that stays reserved past its time is seen.
     */
    public Uni<Boolean> expire(String holdId, Keys.Bucket bucket) {
        return parties(holdId, bucket).onItem().ifNull().failWith(() -> new ApiException(ErrorCode.UNKNOWN_HOLD,
                        "Hold '" + holdId + "' is in the expiry index of " + bucket.prefix() + " without a record."))
                .chain(parties -> settle(holdId, parties, HoldState.EXPIRED.wire(), 0, ""))
                .map(reply -> {
                    if (reply instanceof SettleHoldReply.Settled settled) {
                        return !settled.replayed();
                    }
                    if (reply instanceof SettleHoldReply.NotDue) {
                        return false;
                    }
                    // An indexed hold the script will not end (a record without its state, ended but still
                    // indexed…): counted and tried again later by the sweep, never passed over in silence.
                    throw new IllegalStateException("hold " + holdId + " is due and the script answered " + reply);
                });
    }

    /** Moves a hold's expiry to {@code at} (ms): one that failed is tried again then, out of the others' way. */
    public Uni<Void> expireLater(String holdId, Keys.Bucket bucket, long at) {
        return answered.within(redis.call(Command.ZADD, bucket.holdExpiry(), "XX", at, holdId))
                .replaceWithVoid();
    }

    /** Active holds and the tokens they hold, summed over the buckets. */
    public Uni<HoldRequests.Stats> stats() {
        return keys.eachBucket(bucket -> answered.within(
                        redis.call(Command.HMGET, bucket.holdStats(), "count", "total")))
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

    private Uni<HoldRequests.HoldView> end(String holdId, Parties parties, String ending, long amount, String actor) {
        return settle(holdId, parties, ending, amount, actor).chain(reply -> {
            if (reply instanceof SettleHoldReply.Settled settled) {
                HoldRequests.HoldView view = new HoldRequests.HoldView(holdId, settled.state(), amount, settled.captured(), null);
                if (!settled.landing()) {
                    return Uni.createFrom().item(view);
                }
                // The capture is made (its first leg); should the payee's leg fail now, the sweep lands it.
                return land(holdId, parties.bucket()).replaceWith(view)
                        .onFailure().recoverWithItem(failure -> {
                            LOG.warnf("hold %s captured; its payee's leg has not landed yet (the sweep retries): %s", holdId, failure.toString());
                            return view;
                        });
            }
            return Uni.createFrom().failure(failure(holdId, amount, reply));
        });
    }

    /**
     * The payee's leg of a capture in flight (a payee in another bucket), once: credits the payee
     * from the {@code escrow} sub-account of its bucket under {@link SuiteIds#holdLanding}, unless the
     * ledger booked that credit already, then marks the hold landed. Nothing to do for a hold that has
     * landed. The capture is read by {@code landing.lua}, whose write a replica must confirm (where
     * writes wait for replicas) before the payee is paid: a capture its master's failover could
     * still lose is never landed. Fails with {@link LostInFlight} when a hold of the landing index
     * has no record: its payee's leg cannot be made any more, and someone must look.
     */
    public Uni<Void> land(String holdId, Keys.Bucket bucket) {
        String eventId = SuiteIds.holdLanding(holdId);
        return scripts.run(Script.LANDING, List.of(bucket.hold(holdId)), List.of())
                .chain(raw -> {
                    List<String> reply = LuaReply.strings(raw);
                    if (reply.get(0).isEmpty()) {
                        return Uni.createFrom().failure(new LostInFlight(holdId));
                    }
                    if (!SettleHoldReply.PENDING.equals(reply.get(0))) {
                        return landed(holdId, bucket);
                    }
                    String payee = reply.get(1);
                    long captured = Long.parseLong(reply.get(2));
                    String capturedBy = reply.size() > 3 ? reply.get(3) : ""; // the admin, named on this leg too
                    return ledger.receivingSide(eventId)
                            .chain(booked -> {
                                if (booked == null) {
                                    return wallets.transfer(TokensTransferred.HOLD_CAPTURE, Accounts.ESCROW, payee, captured, "hold",
                                            holdId, eventId, payee, capturedBy).replaceWithVoid();
                                }
                                // Booked already: this very leg, or (an id reserved again after a data loss) another's.
                                if (isLandingOf(booked, payee, captured)) {
                                    return Uni.createFrom().voidItem();
                                }
                                return Uni.createFrom().failure(new LandingConflict(holdId, payee, captured, booked));
                            })
                            .chain(() -> landed(holdId, bucket));
                });
    }

    /** A hold in the landing index without its record (a bucket that lost its data): its tokens are stranded in escrow. */
    public static final class LostInFlight extends IllegalStateException {
        LostInFlight(String holdId) {
            super("hold " + holdId + " is in flight but its record is gone: its payee's leg cannot be landed, "
                    + "and what it captured stays in the escrow sub-account of its bucket until an admin credits it");
        }
    }

    /** Whether {@code booked}, the receiving side of a hold's landing id, paid {@code payee} {@code amount} from escrow. */
    private static boolean isLandingOf(LedgerRow booked, String payee, long amount) {
        return booked.account().equals(payee) && booked.amount() == amount && Accounts.ESCROW.equals(booked.counterAccount());
    }

    /**
     * A capture in flight whose landing id the ledger holds for another movement (another payee or
     * amount: the hold id reserved again after its bucket lost its data): never taken for this one's,
     * so the capture stays in flight, its tokens in escrow, until someone looks.
     */
    public static final class LandingConflict extends IllegalStateException {
        LandingConflict(String holdId, String payee, long captured, LedgerRow booked) {
            super("hold " + holdId + " is in flight (" + captured + " to " + payee + ") but the ledger holds its landing "
                    + booked.eventId() + " for another movement (" + booked.amount() + " from " + booked.counterAccount() + " to "
                    + booked.account() + "): not landed; what it captured stays in the escrow sub-account of its bucket until an "
                    + "admin credits it");
        }
    }

    /** Captures in flight in {@code bucket} due for a landing by {@code now} (ms), 100 at most: what the sweep lands. */
    public Uni<List<String>> inFlight(Keys.Bucket bucket, long now) {
        return answered.within(redis.call(Command.ZRANGEBYSCORE, bucket.holdLanding(), "-inf", now, "LIMIT", 0, 100))
                .map(LuaReply::strings);
    }

    /** Tries a capture's landing again no sooner than {@code at} (ms): one that keeps failing leaves the others their turn. */
    public Uni<Void> landLater(String holdId, Keys.Bucket bucket, long at) {
        return answered.within(redis.call(Command.ZADD, bucket.holdLanding(), "XX", at, holdId))
                .replaceWithVoid();
    }

    private Uni<Void> landed(String holdId, Keys.Bucket bucket) {
        return scripts.run(Script.LANDED, List.of(bucket.hold(holdId), bucket.holdLanding()),
                List.of(holdId, Long.toString(window.recordTtlSeconds()))).replaceWithVoid();
    }

    /** Whether a capture from {@code account}'s hold to {@code payee} crosses buckets (two legs through escrow). */
    private boolean crosses(String account, String payee) {
        return keys.count() > 1 && !Accounts.isSystem(account) && !Accounts.isSystem(payee) && keys.of(account) != keys.of(payee);
    }

    /** Why a capture or release the caller asked for did not end the hold. */
    private static RuntimeException failure(String holdId, long amount, SettleHoldReply reply) {
        if (reply instanceof SettleHoldReply.UnknownHold) {
            return new ApiException(ErrorCode.UNKNOWN_HOLD, "No hold '" + holdId + "' is known.");
        }
        if (reply instanceof SettleHoldReply.NotActive notActive) {
            return new ApiException(ErrorCode.HOLD_NOT_ACTIVE, "Hold " + holdId + " is " + notActive.state() + " already.");
        }
        if (reply instanceof SettleHoldReply.Overflow) {
            return WalletService.balanceLimit();
        }
        if (reply instanceof SettleHoldReply.TooMuch tooMuch) {
            return new ApiException(ErrorCode.CAPTURE_EXCEEDS_HOLD,
                    "Hold " + holdId + " holds " + tooMuch.held() + " tokens; " + amount + " cannot be captured.");
        }
        if (reply instanceof SettleHoldReply.Short shortOf) {
            return new ApiException(ErrorCode.INSUFFICIENT_BALANCE, "Hold " + holdId + " is for tokens the account's balance ("
                    + shortOf.balance() + ") no longer covers; " + amount + " cannot be captured.");
        }
        // A stale payee or an early expiry cannot come from a capture or release the caller asked for.
        return new IllegalStateException("settle_hold script answered " + reply + " for hold " + holdId);
    }

    /** {@code actor}: the admin that captures, kept with the capture's movement ("" for a release or an expiry). */
    private Uni<SettleHoldReply> settle(String holdId, Parties parties, String ending, long amount, String actor) {
        Keys.Bucket bucket = parties.bucket();
        boolean crosses = crosses(parties.account(), parties.payee());
        return scripts.run(Script.SETTLE_HOLD,
                List.of(bucket.hold(holdId), bucket.wallet(parties.account()),
                        bucket.wallet(crosses ? Accounts.ESCROW : parties.payee()), bucket.holdExpiry(), bucket.holdStats(),
                        bucket.billingStream(), bucket.seq(), bucket.accounts(), bucket.holdLanding()),
                List.of(holdId, ending, Long.toString(amount), Long.toString(window.recordTtlSeconds()),
                        SuiteIds.holdCapture(holdId), parties.payee(), Traceparents.current(), bucket.stride(),
                        crosses ? Accounts.ESCROW : "", scripts.deadline(), actor))
                .map(SettleHoldReply::decode)
                // An ended hold keeps its record for the window (settle_hold.lua): its id's claim no longer than that.
                // Not while a capture's payee leg is pending: that record is kept until it lands, and the routes
                // find it by its claim.
                .call(reply -> reply instanceof SettleHoldReply.Settled settled && !settled.landing()
                        ? claims.cutBack(IdClaims.HOLD, holdId, window.recordTtlSeconds()) : Uni.createFrom().voidItem());
    }
}
