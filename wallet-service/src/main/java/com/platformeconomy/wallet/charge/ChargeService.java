package com.platformeconomy.wallet.charge;

import com.platformeconomy.wallet.idempotency.LostRecords;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.tracing.Traceparents;
import com.platformeconomy.wallet.balance.Accounts;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.wallet.catalog.AppCatalog;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.idempotency.EventWindow;
import com.platformeconomy.wallet.idempotency.Fingerprint;
import com.platformeconomy.wallet.redis.IdClaims;
import com.platformeconomy.wallet.redis.Keys;
import com.platformeconomy.wallet.redis.LuaScripts;
import com.platformeconomy.wallet.redis.LuaScripts.Invocation;
import com.platformeconomy.wallet.redis.LuaScripts.Script;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Charges for app actions (SPEC §3): one Lua script per charge prices it from the catalog and
 * checks, debits, records and appends in one Redis round trip; a batch pipelines many.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class ChargeService {

    /** The app the web kernel itself answers from (hub_chat): never billed. */
    static final String SYSTEM_APP = "__system__";

    /**
     * A charge's outcome and the HTTP status it answers with: 201 applied now, 200 replayed or not
     * billed, else refused with {@code refusal} (its status; {@code detail} for the problem body).
     */
    public record Outcome(ChargeResult result, int status, ErrorCode refusal, String detail) {
        Outcome(ChargeResult result, int status) {
            this(result, status, null, null);
        }

        /** Refused with {@code code}: nothing billed, the result's reason is the code. */
        static Outcome refused(String eventId, ErrorCode code, String detail) {
            return new Outcome(ChargeResult.notBilled(eventId, code.code()), code.status(), code, detail);
        }
    }

    /** The fields of a charge's fingerprint, as named in a conflict. */
    private static final String[] FIELDS = {"user_id", "app_id", "tool_name", "handler", "byollm"};

    private final LuaScripts scripts;
    private final AppCatalog catalog;
    private final EventWindow window;
    private final WalletConfig config;
    private final Counter accepted;
    private final Counter refused;
    private final Counter tokens;

    private final Keys keys;
    private final IdClaims claims;

    public ChargeService(Keys keys, IdClaims claims, LuaScripts scripts, AppCatalog catalog, EventWindow window, WalletConfig config,
                         MeterRegistry metrics) {
        this.keys = keys;
        this.claims = claims;
        this.scripts = scripts;
        this.catalog = catalog;
        this.window = window;
        this.config = config;
        this.accepted = metrics.counter("wallet.charges", "outcome", "accepted");
        this.refused = metrics.counter("wallet.charges", "outcome", "refused");
        this.tokens = metrics.counter("wallet.charges.tokens");
    }

    /** Checks what can be checked without a store; refusals here are 4xx and change nothing. */
    public void validate(ChargeRequest request) {
        EventWindow.requireCallerId(EventWindow.Kind.event, request.eventId());
        Accounts.require(request.userId());
        if (!request.userId().startsWith("user:")) {
            throw new ApiException(ErrorCode.NOT_A_USER_ACCOUNT, "user_id must be a user:… account.");
        }
    }

    /**
     * The outcome of one charge; failures (402, 404, 409) as {@link ApiException}. {@code caller} is
     * the account of the token's subject: an admin charges nobody for an app it develops (403,
     * SPEC §10: its developer share would be its own money), checked against the developer the
     * script is given, which the script holds to the catalog's.
     */
    public Uni<Outcome> charge(ChargeRequest request, String caller) {
        Optional<String> free = notBilledBeforeRedis(request);
        String traceparent = Traceparents.current(); // the route's span, taken where it is current
        String deadline = scripts.deadline(); // before the admission: see LuaScripts.deadline
        return window.admit(EventWindow.Kind.event, request.eventId())
                .chain(() -> free.isPresent() ? Uni.createFrom().item(Optional.<String>empty()) : catalog.developerOf(request.appId()))
                .chain(developer -> run(request, caller, developer.orElse(""), free.orElse(""), true, traceparent, deadline))
                .onFailure(EventWindow::isTooOld).recoverWithUni(tooOld -> remembered(request, tooOld))
                .map(outcome -> {
                    if (outcome.status() >= 400) {
                        throw toException(request, outcome);
                    }
                    return outcome;
                });
    }

    /**
     * Many charges, each with its own outcome, in one pipelined write to Redis. The outcomes keep
     * the order of the requests. A charge for an app {@code caller} develops is refused on its own
     * (403), as {@link #charge} refuses it.
     */
    public Uni<List<Outcome>> chargeAll(List<ChargeRequest> requests, String caller) {
        String traceparent = Traceparents.current();
        String deadline = scripts.deadline(); // before the admission: see LuaScripts.deadline
        Map<String, Optional<String>> developers = new LinkedHashMap<>();
        LinkedHashSet<String> apps = new LinkedHashSet<>();
        requests.forEach(r -> apps.add(r.appId()));
        Uni<Void> resolved = Uni.createFrom().voidItem();
        for (String app : apps) {
            resolved = resolved.chain(() -> catalog.developerOf(app).invoke(dev -> developers.put(app, dev)).replaceWithVoid());
        }
        Uni<Void> developersKnown = resolved;
        return window.admitAll(EventWindow.Kind.event, requests.stream().map(ChargeRequest::eventId).toList())
                .chain(() -> developersKnown).chain(() -> claimAll(requests)).chain(granted -> {
            Outcome[] outcomes = new Outcome[requests.size()];
            List<Invocation> invocations = new ArrayList<>();
            List<Integer> positions = new ArrayList<>(); // the request each invocation is for
            for (int i = 0; i < requests.size(); i++) {
                ChargeRequest request = requests.get(i);
                if (!granted[i]) {
                    outcomes[i] = Outcome.refused(request.eventId(), ErrorCode.EVENT_ID_REUSED, reusedElsewhere(request).getMessage());
                    continue;
                }
                String free = notBilledBeforeRedis(request).orElse("");
                String developer = free.isEmpty() ? developers.get(request.appId()).orElse("") : "";
                if (Ownership.isOwnAccount(caller, developer)) {
                    outcomes[i] = Outcome.refused(request.eventId(), ErrorCode.FORBIDDEN, ownApp(developer).getMessage());
                    continue;
                }
                invocations.add(invocation(request, developer, free, traceparent, caller, deadline));
                positions.add(i);
            }
            Uni<List<Response>> ran = invocations.isEmpty() ? Uni.createFrom().item(List.of()) : scripts.runAll(invocations);
            return ran.chain(replies -> {
                Uni<Void> retries = Uni.createFrom().voidItem();
                for (int k = 0; k < replies.size(); k++) {
                    int position = positions.get(k);
                    ChargeRequest request = requests.get(position);
                    ChargeReply reply = ChargeReply.decode(replies.get(k));
                    if (reply instanceof ChargeReply.StaleDeveloper) {
                        retries = retries.chain(() -> catalog.refresh(request.appId())
                                .chain(dev -> run(request, caller, dev.orElse(""), "", false, traceparent, deadline))
                                .onFailure(ChargeService::isOwnApp).recoverWithItem(own ->
                                        Outcome.refused(request.eventId(), ErrorCode.FORBIDDEN, own.getMessage()))
                                .invoke(outcome -> outcomes[position] = outcome)
                                .replaceWithVoid());
                    } else {
                        outcomes[position] = interpret(request, reply);
                    }
                }
                return retries.map(done -> List.of(outcomes));
            });
        }).onFailure(EventWindow::isTooOld).recoverWithUni(tooOld -> rememberedAll(requests, tooOld));
    }

    /**
     * A batch refused by the window (an id past it): answered as replays when Redis still remembers
     * every charge in it (a timed-out batch retried just past the window); otherwise the window's
     * 409 for the whole batch, as before. Nothing runs either way.
     */
    private Uni<List<Outcome>> rememberedAll(List<ChargeRequest> requests, Throwable tooOld) {
        String deadline = scripts.deadline(); // moves nothing (remembered outcomes only)
        List<Invocation> invocations = requests.stream().map(r -> invocation(r, "", "", "", true, "", deadline)).toList();
        return scripts.runAll(invocations).map(replies -> {
            List<Outcome> outcomes = new ArrayList<>();
            for (int k = 0; k < replies.size(); k++) {
                ChargeReply reply = ChargeReply.decode(replies.get(k));
                if (reply instanceof ChargeReply.Unseen) {
                    throw (RuntimeException) tooOld;
                }
                outcomes.add(interpret(requests.get(k), reply));
            }
            return outcomes;
        });
    }

    /**
     * A retry past its id's window: the first outcome Redis still remembers (its record lives a
     * window from when the charge ran, longer than the id is accepted), answered as a replay, so a
     * charge made near the window's end is never answered "refused"; else the window's 409. Nothing runs.
     */
    private Uni<Outcome> remembered(ChargeRequest request, Throwable tooOld) {
        return rememberedAll(List.of(request), tooOld).map(outcomes -> outcomes.get(0));
    }

    /**
     * Each charge's event id claimed for its user's bucket (IdClaims), all in one pipeline per bucket;
     * which were granted. With one bucket every one is, and nothing is sent.
     */
    private Uni<boolean[]> claimAll(List<ChargeRequest> requests) {
        boolean[] granted = new boolean[requests.size()];
        if (!claims.needed()) {
            java.util.Arrays.fill(granted, true);
            return Uni.createFrom().item(granted);
        }
        long ttl = window.recordTtlSeconds();
        return scripts.runAll(requests.stream().map(r -> claims.claim(IdClaims.EVENT, r.eventId(), keys.of(r.userId()), ttl)).toList()).map(replies -> {
            for (int i = 0; i < granted.length; i++) {
                granted[i] = IdClaims.granted(replies.get(i), keys.of(requests.get(i).userId()));
            }
            return granted;
        });
    }

    /** An event id another bucket's account holds (IdClaims): refused as a reused id, as one bucket's record refuses it. */
    private static ApiException reusedElsewhere(ChargeRequest request) {
        return WalletService.reusedEventId(request.eventId(), List.of("user_id"));
    }

    private Uni<Outcome> run(ChargeRequest request, String caller, String developer, String unbilled, boolean mayRetry,
                             String traceparent, String deadline) {
        if (Ownership.isOwnAccount(caller, developer)) {
            return Uni.createFrom().failure(ownApp(developer));
        }
        Invocation call = invocation(request, developer, unbilled, traceparent, caller, deadline);
        return claims.claim(IdClaims.EVENT, request.eventId(), keys.of(request.userId()), window.recordTtlSeconds(), () -> reusedElsewhere(request))
                .chain(() -> scripts.run(call.script(), call.keys(), call.args())).map(ChargeReply::decode).chain(reply -> {
            if (reply instanceof ChargeReply.StaleDeveloper && mayRetry) {
                // The app changed hands (or appeared) since we cached its developer: read it again, once.
                return catalog.refresh(request.appId()).chain(dev -> run(request, caller, dev.orElse(""), unbilled, false, traceparent, deadline));
            }
            return Uni.createFrom().item(interpret(request, reply));
        });
    }

    private static ApiException ownApp(String developer) {
        return Ownership.ownAccount(developer, "charge users for an app");
    }

    private static boolean isOwnApp(Throwable failure) {
        return failure instanceof ApiException refused && refused.errorCode() == ErrorCode.FORBIDDEN;
    }

    private static String fingerprint(ChargeRequest request) {
        return Fingerprint.of(request.userId(), request.appId(), request.toolName(), request.handler(),
                request.byollm().toString());
    }

    private Invocation invocation(ChargeRequest request, String developer, String unbilled, String traceparent, String caller,
                                  String deadline) {
        return invocation(request, developer, unbilled, traceparent, false, WalletService.actorOf(caller, request.userId()), deadline);
    }

    /**
     * {@code actor}: who asked, when not the user ("", the user's own charge or a remembered outcome's look-up).
     * {@code deadline}: taken before the request's admission (LuaScripts.deadline).
     */
    private Invocation invocation(ChargeRequest request, String developer, String unbilled, String traceparent,
                                  boolean rememberedOnly, String actor, String deadline) {
        String fingerprint = fingerprint(request);
        Keys.Bucket bucket = keys.of(request.userId()); // the platform's and the developer's sub-accounts of the user's bucket
        return new Invocation(Script.CHARGE,
                List.of(bucket.event(request.eventId()), bucket.wallet(request.userId()), bucket.app(request.appId()),
                        bucket.developerEarnings(developer), bucket.wallet(config.revenueAccount()), bucket.billingStream(),
                        bucket.seq(), bucket.accounts()),
                List.of(fingerprint, Long.toString(window.recordTtlSeconds()), request.eventId(), request.userId(),
                        request.appId(), request.toolName(), request.byollm() ? "1" : "0", developer,
                        config.revenueAccount(), unbilled, traceparent, rememberedOnly ? "1" : "0", bucket.stride(),
                        deadline, actor));
    }

    private Outcome interpret(ChargeRequest request, ChargeReply reply) {
        if (reply instanceof ChargeReply.Charged charged) {
            long total = charged.total();
            ChargeResult result = new ChargeResult(request.eventId(), total > 0, total, charged.developerShare(),
                    charged.platformShare(), charged.balance(), total > 0 ? null : "free_app");
            if (!charged.replayed()) {
                accepted.increment();
                tokens.increment(total);
                return new Outcome(result, 201);
            }
            return new Outcome(result, 200);
        }
        if (reply instanceof ChargeReply.Refused refusal) {
            if (!refusal.replayed()) {
                refused.increment();
            }
            ErrorCode code = ErrorCode.INSUFFICIENT_BALANCE;
            return new Outcome(new ChargeResult(request.eventId(), false, 0, 0, 0, refusal.available(), code.code()),
                    code.status(), code, refusal.replayed() ? "This is the first outcome of event_id "
                    + request.eventId() + ", answered again." : null);
        }
        if (reply instanceof ChargeReply.Unbilled unbilled) {
            return new Outcome(ChargeResult.notBilled(request.eventId(), unbilled.reason()), 200);
        }
        if (reply instanceof ChargeReply.UnknownApp) {
            return Outcome.refused(request.eventId(), ErrorCode.UNKNOWN_APP, null);
        }
        if (reply instanceof ChargeReply.Conflict conflict && LostRecords.isStandIn(conflict.storedFingerprint())) {
            return Outcome.refused(request.eventId(), ErrorCode.EVENT_TOO_OLD, WalletService.lostWithRedis(request.eventId()).getMessage());
        }
        if (reply instanceof ChargeReply.Conflict conflict) {
            List<String> differ = Fingerprint.differing(conflict.storedFingerprint(), fingerprint(request), 1, FIELDS);
            return Outcome.refused(request.eventId(), ErrorCode.EVENT_ID_REUSED,
                    WalletService.reusedEventId(request.eventId(), differ).getMessage());
        }
        if (reply instanceof ChargeReply.Overflow) {
            return Outcome.refused(request.eventId(), ErrorCode.BALANCE_LIMIT, WalletService.balanceLimit().getMessage());
        }
        if (reply instanceof ChargeReply.StaleDeveloper) {
            return Outcome.refused(request.eventId(), ErrorCode.CATALOG_CHANGING,
                    "The app's catalog entry changed while the charge ran; nothing was charged, try again.");
        }
        if (reply instanceof ChargeReply.CatalogOutdated) {
            return Outcome.refused(request.eventId(), ErrorCode.CATALOG_CHANGING,
                    "The app's catalog entry is being rewritten; nothing was charged, try again.");
        }
        throw new IllegalStateException("charge reply not handled: " + reply);
    }

    /** The cases the seed says are never billed and need no Redis at all. */
    private static Optional<String> notBilledBeforeRedis(ChargeRequest request) {
        if (!"action".equals(request.handler())) {
            return Optional.of(request.handler() + "_handler");
        }
        if (SYSTEM_APP.equals(request.appId())) {
            return Optional.of("system_app");
        }
        return Optional.empty();
    }

    private static ApiException toException(ChargeRequest request, Outcome outcome) {
        if (outcome.refusal() == null) {
            throw new IllegalStateException("charge outcome " + outcome.status() + " names no refusal");
        }
        return switch (outcome.refusal()) {
            case INSUFFICIENT_BALANCE -> new ApiException(ErrorCode.INSUFFICIENT_BALANCE, request.userId() + " had "
                    + outcome.result().balance() + " tokens available; the call costs more."
                    + (outcome.detail() == null ? "" : " " + outcome.detail()));
            case UNKNOWN_APP -> unknownApp(request.appId());
            default -> new ApiException(outcome.refusal(), outcome.detail());
        };
    }

    private static ApiException unknownApp(String appId) {
        return new ApiException(ErrorCode.UNKNOWN_APP, "No app '" + appId + "' is in the catalog.");
    }
}
