package com.platformeconomy.wallet.charge;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.wallet.balance.Accounts;
import com.platformeconomy.wallet.balance.WalletService;
import com.platformeconomy.wallet.catalog.AppCatalog;
import com.platformeconomy.wallet.config.WalletConfig;
import com.platformeconomy.wallet.idempotency.EventWindow;
import com.platformeconomy.wallet.idempotency.Fingerprint;
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
public class ChargeService {

    /** The app the web kernel itself answers from (hub_chat): never billed. */
    static final String SYSTEM_APP = "__system__";

    /** A charge's outcome and the HTTP status it answers with: 201 applied now, 200 replayed or not billed, 4xx refused. */
    public record Outcome(ChargeResult result, int status, String detail) {
        Outcome(ChargeResult result, int status) {
            this(result, status, null);
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

    public ChargeService(LuaScripts scripts, AppCatalog catalog, EventWindow window, WalletConfig config, MeterRegistry metrics) {
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
        EventWindow.requireCallerId("event_id", request.eventId());
        Accounts.require(request.userId());
        if (!request.userId().startsWith("user:")) {
            throw ApiException.badRequest("not_a_user_account", "user_id must be a user:… account.");
        }
    }

    /** The outcome of one charge; failures (402, 404, 409) as {@link ApiException}. */
    public Uni<Outcome> charge(ChargeRequest request) {
        Optional<String> free = notBilledBeforeRedis(request);
        return window.admit(EventWindow.Kind.event, request.eventId())
                .chain(() -> free.isPresent() ? Uni.createFrom().item(Optional.<String>empty()) : catalog.developerOf(request.appId()))
                .chain(developer -> run(request, developer.orElse(""), free.orElse(""), true))
                .map(outcome -> {
                    if (outcome.status() >= 400) {
                        throw toException(request, outcome);
                    }
                    return outcome;
                });
    }

    /**
     * Many charges, each with its own outcome, in one pipelined write to Redis. The outcomes keep
     * the order of the requests.
     */
    public Uni<List<Outcome>> chargeAll(List<ChargeRequest> requests) {
        Map<String, Optional<String>> developers = new LinkedHashMap<>();
        LinkedHashSet<String> apps = new LinkedHashSet<>();
        requests.forEach(r -> apps.add(r.appId()));
        Uni<Void> resolved = Uni.createFrom().voidItem();
        for (String app : apps) {
            resolved = resolved.chain(() -> catalog.developerOf(app).invoke(dev -> developers.put(app, dev)).replaceWithVoid());
        }
        Uni<Void> developersKnown = resolved;
        return window.admitAll(EventWindow.Kind.event, requests.stream().map(ChargeRequest::eventId).toList())
                .chain(() -> developersKnown).chain(() -> {
            Outcome[] outcomes = new Outcome[requests.size()];
            List<Invocation> invocations = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                ChargeRequest request = requests.get(i);
                String free = notBilledBeforeRedis(request).orElse("");
                String developer = free.isEmpty() ? developers.get(request.appId()).orElse("") : "";
                invocations.add(invocation(request, developer, free));
            }
            return scripts.runAll(invocations).chain(replies -> {
                Uni<Void> retries = Uni.createFrom().voidItem();
                for (int k = 0; k < replies.size(); k++) {
                    int position = k; // every charge has its invocation, in order
                    ChargeRequest request = requests.get(position);
                    Response reply = replies.get(k);
                    if ("stale_developer".equals(reply.get(0).toString())) {
                        retries = retries.chain(() -> catalog.refresh(request.appId())
                                .chain(dev -> run(request, dev.orElse(""), "", false))
                                .invoke(outcome -> outcomes[position] = outcome)
                                .replaceWithVoid());
                    } else {
                        outcomes[position] = interpret(request, reply);
                    }
                }
                return retries.map(done -> List.of(outcomes));
            });
        });
    }

    private Uni<Outcome> run(ChargeRequest request, String developer, String unbilled, boolean mayRetry) {
        Invocation call = invocation(request, developer, unbilled);
        return scripts.run(call.script(), call.keys(), call.args()).chain(reply -> {
            if ("stale_developer".equals(reply.get(0).toString()) && mayRetry) {
                // The app changed hands (or appeared) since we cached its developer: read it again, once.
                return catalog.refresh(request.appId()).chain(dev -> run(request, dev.orElse(""), unbilled, false));
            }
            return Uni.createFrom().item(interpret(request, reply));
        });
    }

    private static String fingerprint(ChargeRequest request) {
        return Fingerprint.of(request.userId(), request.appId(), request.toolName(), request.handler(),
                request.byollm().toString());
    }

    private Invocation invocation(ChargeRequest request, String developer, String unbilled) {
        String fingerprint = fingerprint(request);
        return new Invocation(Script.CHARGE,
                List.of(Keys.event(request.eventId()), Keys.wallet(request.userId()), Keys.app(request.appId()),
                        Keys.developerEarnings(developer), Keys.wallet(config.revenueAccount()), Keys.BILLING_STREAM,
                        Keys.SEQ, Keys.ACCOUNTS),
                List.of(fingerprint, Long.toString(window.recordTtlSeconds()), request.eventId(), request.userId(),
                        request.appId(), request.toolName(), request.byollm() ? "1" : "0", developer,
                        config.revenueAccount(), unbilled));
    }

    private Outcome interpret(ChargeRequest request, Response reply) {
        boolean replayed = "replay".equals(reply.get(0).toString());
        int at = replayed ? 1 : 0;
        String status = reply.get(at).toString();
        switch (status) {
            case "ok" -> {
                long total = reply.get(at + 1).toLong();
                ChargeResult result = new ChargeResult(request.eventId(), total > 0, total, reply.get(at + 2).toLong(),
                        reply.get(at + 3).toLong(), reply.get(at + 4).toLong(), total > 0 ? null : "free_app");
                if (!replayed) {
                    accepted.increment();
                    tokens.increment(total);
                    return new Outcome(result, 201);
                }
                return new Outcome(result, 200);
            }
            case "refused" -> {
                if (!replayed) {
                    refused.increment();
                }
                return new Outcome(new ChargeResult(request.eventId(), false, 0, 0, 0, reply.get(at + 1).toLong(),
                        "insufficient_balance"), 402, replayed ? "This is the first outcome of event_id "
                        + request.eventId() + ", answered again." : null);
            }
            case "unbilled" -> {
                return new Outcome(ChargeResult.notBilled(request.eventId(), reply.get(at + 1).toString()), 200);
            }
            case "unknown_app" -> {
                return failed(request, 404, "unknown_app");
            }
            case "conflict" -> {
                List<String> differ = Fingerprint.differing(reply.size() > 1 ? reply.get(1).toString() : null,
                        fingerprint(request), FIELDS);
                return new Outcome(ChargeResult.notBilled(request.eventId(), "event_id_reused"), 409,
                        WalletService.reusedEventId(request.eventId(), differ).getMessage());
            }
            case "overflow" -> {
                return new Outcome(ChargeResult.notBilled(request.eventId(), "balance_limit"), 409,
                        WalletService.balanceLimit().getMessage());
            }
            case "stale_developer" -> {
                return new Outcome(ChargeResult.notBilled(request.eventId(), "catalog_changing"), 503,
                        "The app's catalog entry changed while the charge ran; nothing was charged, try again.");
            }
            case "catalog_outdated" -> {
                return new Outcome(ChargeResult.notBilled(request.eventId(), "catalog_changing"), 503,
                        "The app's catalog entry is being rewritten; nothing was charged, try again.");
            }
            default -> throw new IllegalStateException("charge script answered " + status);
        }
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

    private static Outcome failed(ChargeRequest request, int status, String code) {
        return new Outcome(ChargeResult.notBilled(request.eventId(), code), status);
    }

    private static ApiException toException(ChargeRequest request, Outcome outcome) {
        return switch (outcome.status()) {
            case 402 -> ApiException.paymentRequired("insufficient_balance", request.userId() + " had "
                    + outcome.result().balance() + " tokens available; the call costs more."
                    + (outcome.detail() == null ? "" : " " + outcome.detail()));
            case 404 -> unknownApp(request.appId());
            case 409, 503 -> new ApiException(outcome.status(), outcome.result().reason(), outcome.detail());
            default -> throw new IllegalStateException("unexpected charge status " + outcome.status());
        };
    }

    private static ApiException unknownApp(String appId) {
        return ApiException.notFound("unknown_app", "No app '" + appId + "' is in the catalog.");
    }
}
