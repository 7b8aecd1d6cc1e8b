package com.platformeconomy.wallet.balance;

import com.platformeconomy.wallet.idempotency.LostRecords;
import com.platformeconomy.contracts.event.TokensTransferred;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.tracing.Traceparents;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.idempotency.EventWindow;
import com.platformeconomy.wallet.idempotency.Fingerprint;
import com.platformeconomy.wallet.redis.Answered;
import com.platformeconomy.wallet.redis.IdClaims;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import com.platformeconomy.wallet.redis.WalletRedis;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Balances, and every movement of tokens between two wallets: one Lua script each (SPEC §3). */
@ApplicationScoped
public class WalletService {

    /** The fields of a movement's fingerprint, as named in a conflict. */
    // The first three say whose movement it is (Fingerprint.differing names only those for another account's id).
    private static final String[] TRANSFER_FIELDS = {"kind", "from", "to", "amount", "category", "reason"};

    /** The outcome of a movement: the balances of both sides right after it, and whether it was a replay. */
    public record Transfer(long fromBalance, long toBalance, boolean replayed) {
    }

    private final WalletRedis redis;
    private final Answered answered;
    private final LuaScripts scripts;
    private final EventWindow window;
    private final WalletConfig config;
    private final MeterRegistry metrics;

    private final Keys keys;
    private final IdClaims claims;

    public WalletService(Keys keys, IdClaims claims, WalletRedis redis, LuaScripts scripts, EventWindow window, WalletConfig config,
                         MeterRegistry metrics, Answered answered) {
        this.answered = answered;
        this.keys = keys;
        this.claims = claims;
        this.redis = redis;
        this.scripts = scripts;
        this.window = window;
        this.config = config;
        this.metrics = metrics;
    }

    /** An owner's balance is in its bucket; a system account's is the sum of its sub-accounts, one per bucket. */
    public Uni<Balance> balance(String account) {
        if (keys.count() == 1 || !Accounts.isSystem(account)) {
            return read(keys.of(account), account).map(v -> new Balance(account, v[0], v[1], v[0] - v[1]));
        }
        return keys.eachBucket(bucket -> read(bucket, account)).map(parts -> {
            long balance = 0;
            long held = 0;
            for (long[] part : parts) {
                balance = Math.addExact(balance, part[0]);
                held = Math.addExact(held, part[1]);
            }
            return new Balance(account, balance, held, balance - held);
        });
    }

    private Uni<long[]> read(Keys.Bucket bucket, String account) {
        return answered.within(redis.call(Command.HMGET, bucket.wallet(account), "balance", "held"))
                .map(reply -> new long[] {asLong(reply.get(0)), asLong(reply.get(1))});
    }

    /**
     * The bucket a movement between two accounts runs in: the owner's, whose keys are there (a system
     * account has a sub-account in every bucket); bucket 0 between two system accounts. Two owners in
     * different buckets cannot move in one script: refused (409). The one such movement the suite makes,
     * a hold's capture for an owner of another bucket, goes in two legs through escrow (HoldService;
     * docs/scaling.md, step 6).
     */
    public Keys.Bucket home(String from, String to) {
        boolean fromSystem = Accounts.isSystem(from);
        Keys.Bucket bucket = fromSystem ? keys.of(Accounts.isSystem(to) ? from : to) : keys.of(from);
        if (!fromSystem && !Accounts.isSystem(to) && keys.of(to) != bucket) {
            throw new ApiException(ErrorCode.CONFLICT, from + " and " + to + " are kept in different Redis buckets; "
                    + "a movement between them is not possible on this deployment (wallet.redis.buckets > 1).");
        }
        return bucket;
    }

    /** Where credits come from (wallet.treasury-account). */
    public String treasury() {
        return config.treasuryAccount();
    }

    /** Credits {@code account} from the treasury (a top-up landing, an award, a refund). */
    public Uni<Transfer> credit(String account, String eventId, long amount, String reason) {
        return credit(account, eventId, amount, reason, null);
    }

    /**
     * As {@link #credit(String, String, long, String)}, asked by {@code actor}: kept with the movement
     * when it is not {@code account} itself (an admin's credit; {@link #actorOf}).
     */
    public Uni<Transfer> credit(String account, String eventId, long amount, String reason, String actor) {
        return credit(account, eventId, amount, reason, actor, null);
    }

    /**
     * As {@link #credit(String, String, long, String, String)}, refused by Redis (503) past
     * {@code deadline} ({@link LuaScripts#deadline()}, taken when the request was admitted): a step
     * between the window's admission and Redis (the admin credits' four eyes, in PostgreSQL) must not
     * let a replay reach Redis after the id's record expired.
     */
    public Uni<Transfer> credit(String account, String eventId, long amount, String reason, String actor, String deadline) {
        return transfer(TokensTransferred.CREDIT, config.treasuryAccount(), account, amount, "credit", reason, eventId,
                account, Accounts.isSystem(config.treasuryAccount()), false, actorOf(actor, account), deadline);
    }

    /**
     * Who asked for a movement of {@code account}'s tokens, as the billing stream and the ledger keep
     * it (SPEC §10, four eyes): {@code caller} when it is someone else (an admin, a service), "" when
     * it is the account's owner or nobody (the suite's own movement; the movement names its account).
     */
    public static String actorOf(String caller, String account) {
        return caller == null || caller.equals(account) ? "" : caller;
    }

    /**
     * The fingerprint {@link #credit} records for its event id: what a compensating step (the
     * top-up saga's void) compares, so it never takes another request's record for its own credit.
     */
    public String creditFingerprint(String account, long amount, String reason) {
        return Fingerprint.of(TokensTransferred.CREDIT, config.treasuryAccount(), account, Long.toString(amount), "credit", reason);
    }

    /** Debits {@code account} to the platform's revenue account; 402 when it cannot pay. */
    public Uni<Transfer> debit(String account, String eventId, long amount, String category, String reason) {
        return debit(account, eventId, amount, category, reason, null);
    }

    /** As {@link #debit(String, String, long, String, String)}, asked by {@code actor} ({@link #actorOf}). */
    public Uni<Transfer> debit(String account, String eventId, long amount, String category, String reason, String actor) {
        return debit(account, eventId, amount, category, reason, actor, null);
    }

    /** As above, refused by Redis past {@code deadline}, taken before the request's admission (LuaScripts.deadline). */
    public Uni<Transfer> debit(String account, String eventId, long amount, String category, String reason, String actor,
                               String deadline) {
        return transfer(TokensTransferred.DEBIT, account, config.revenueAccount(), amount, category, reason, eventId,
                account, Accounts.isSystem(account), false, actorOf(actor, account), deadline);
    }

    /**
     * The first outcome Redis remembers of this very credit under {@code eventId} (402 and 409 as
     * {@link #credit} answers them), or empty when it remembers none; never moves anything. For a
     * retry that arrives after its id's window, while the record still lives and the ledger may not
     * have booked the credit yet.
     */
    public Uni<Optional<Transfer>> rememberedCredit(String account, String eventId, long amount, String reason) {
        return transfer(TokensTransferred.CREDIT, config.treasuryAccount(), account, amount, "credit", reason, eventId,
                account, Accounts.isSystem(config.treasuryAccount()), true, "").map(Optional::ofNullable);
    }

    /** As {@link #rememberedCredit}, of a {@link #debit}. */
    public Uni<Optional<Transfer>> rememberedDebit(String account, String eventId, long amount, String category, String reason) {
        return transfer(TokensTransferred.DEBIT, account, config.revenueAccount(), amount, category, reason, eventId,
                account, Accounts.isSystem(account), true, "").map(Optional::ofNullable);
    }

    /**
     * Moves {@code amount} from one wallet to another once per {@code eventId}. Only system
     * accounts may go below zero; anyone else must have the amount available.
     */
    public Uni<Transfer> transfer(String kind, String from, String to, long amount, String category, String reason,
                                  String eventId, String subject) {
        return transfer(kind, from, to, amount, category, reason, eventId, subject, Accounts.isSystem(from));
    }

    /** As {@link #transfer(String, String, String, long, String, String, String, String)}, asked by {@code actor} ({@link #actorOf}). */
    public Uni<Transfer> transfer(String kind, String from, String to, long amount, String category, String reason,
                                  String eventId, String subject, String actor) {
        return transfer(kind, from, to, amount, category, reason, eventId, subject, Accounts.isSystem(from), false,
                actorOf(actor, to));
    }

    /**
     * Takes {@code amount} back from {@code account} to the treasury once per {@code eventId},
     * below zero if it was spent: the tokens of a top-up whose payment the card holder's bank
     * reversed (a chargeback). A balance below zero is a debt: nothing can be spent until a top-up
     * pays it.
     */
    public Uni<Transfer> takeBack(String account, String eventId, long amount, String reason) {
        return transfer(TokensTransferred.DEBIT, account, config.treasuryAccount(), amount, "other", reason, eventId, account, true);
    }

    private Uni<Transfer> transfer(String kind, String from, String to, long amount, String category, String reason,
                                   String eventId, String subject, boolean mayGoBelowZero) {
        return transfer(kind, from, to, amount, category, reason, eventId, subject, mayGoBelowZero, false, "");
    }

    /**
     * {@code rememberedOnly}: answers the remembered first outcome, null when there is none, and moves
     * nothing. {@code actor}: who asked, when not the account moved ("" otherwise; {@link #actorOf}).
     */
    private Uni<Transfer> transfer(String kind, String from, String to, long amount, String category, String reason,
                                   String eventId, String subject, boolean mayGoBelowZero, boolean rememberedOnly,
                                   String actor) {
        return transfer(kind, from, to, amount, category, reason, eventId, subject, mayGoBelowZero, rememberedOnly, actor, null);
    }

    /** {@code deadline}: Redis refuses the movement past it; null for one taken as the script is sent. */
    private Uni<Transfer> transfer(String kind, String from, String to, long amount, String category, String reason,
                                   String eventId, String subject, boolean mayGoBelowZero, boolean rememberedOnly,
                                   String actor, String deadline) {
        requireAmount(amount);
        String fingerprint = Fingerprint.of(kind, from, to, Long.toString(amount), category, reason);
        Keys.Bucket bucket = home(from, to);
        long recordTtl = window.recordTtlSeconds(eventId);
        Uni<Void> claimed = rememberedOnly ? Uni.createFrom().voidItem() // moves nothing
                : claims.claim(IdClaims.EVENT, eventId, bucket, recordTtl, () -> reusedEventId(eventId, List.of("account")));
        return claimed.chain(() -> scripts.run(Script.TRANSFER,
                        List.of(bucket.event(eventId), bucket.wallet(from), bucket.wallet(to), bucket.billingStream(), bucket.seq(),
                                bucket.accounts()),
                        List.of(fingerprint, Long.toString(recordTtl), eventId, kind, from, to,
                                Long.toString(amount), mayGoBelowZero ? "1" : "0", category, reason, subject,
                                Traceparents.current(), rememberedOnly ? "1" : "0", bucket.stride(), deadline != null ? deadline : scripts.deadline(),
                                actor)))
                .map(raw -> {
                    TransferReply reply = TransferReply.decode(raw);
                    if (reply instanceof TransferReply.Moved moved) {
                        if (!moved.replayed()) {
                            metrics.counter("wallet.tokens.moved", "kind", kind).increment(amount);
                        }
                        return new Transfer(moved.fromBalance(), moved.toBalance(), moved.replayed());
                    }
                    if (reply instanceof TransferReply.Refused refusal) {
                        metrics.counter("wallet.transfers.refused", "kind", kind).increment();
                        throw new ApiException(ErrorCode.INSUFFICIENT_BALANCE,
                                from + " had " + refusal.available() + " tokens available; " + amount + " were needed."
                                        + (refusal.replayed() ? " (The first outcome of event_id " + eventId + ", answered again.)" : ""));
                    }
                    if (reply instanceof TransferReply.Conflict conflict && LostRecords.isStandIn(conflict.storedFingerprint())) {
                        // Booked before Redis lost its data: answered as a retry past its window (the ledger decides), never moved again.
                        if (rememberedOnly) {
                            return null;
                        }
                        throw lostWithRedis(eventId);
                    }
                    if (reply instanceof TransferReply.Conflict conflict) {
                        throw reusedEventId(eventId, Fingerprint.differing(conflict.storedFingerprint(), fingerprint, 3, TRANSFER_FIELDS));
                    }
                    if (reply instanceof TransferReply.Overflow) {
                        throw balanceLimit();
                    }
                    if (reply instanceof TransferReply.Unseen) {
                        return null;
                    }
                    throw new IllegalStateException("transfer reply not handled: " + reply);
                });
    }

    public void requireAmount(long amount) {
        if (amount <= 0 || amount > config.maxAmount()) {
            throw new ApiException(ErrorCode.INVALID_AMOUNT, "amount must be a whole number of tokens from 1 to "
                    + config.maxAmount() + ".");
        }
    }

    /** 409: the id was first used for a request that differs in {@code differing}. */
    /** The refusal of an id whose first outcome Redis lost ({@link LostRecords}): a retry past its window (409 event_too_old). */
    public static ApiException lostWithRedis(String eventId) {
        return new ApiException(ErrorCode.EVENT_TOO_OLD, "Id " + eventId + " was applied before Redis lost its data, which took "
                + "its first outcome; it is answered from the ledger where it holds that very movement, else refused, never applied again.");
    }

    public static ApiException reusedEventId(String eventId, List<String> differing) {
        return new ApiException(ErrorCode.EVENT_ID_REUSED, "event_id " + eventId
                + " was already used for another request; it differed in " + String.join(", ", differing) + ".");
    }

    /** 409: the movement would take a balance past what a script can hold exactly (2^53 - 1). */
    public static ApiException balanceLimit() {
        return new ApiException(ErrorCode.BALANCE_LIMIT, "The movement would take a balance beyond 9007199254740991 tokens; nothing moved.");
    }

    private static long asLong(Response value) {
        return value == null ? 0 : value.toLong();
    }
}
