package com.platformeconomy.e2e;

import static com.platformeconomy.e2e.E2eSuite.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.contracts.identity.JwtSigner;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed and hostile requests across every route: wrong types, negative, zero, huge and
 * fractional amounts, missing fields, unknown ids, oversized bodies, broken JSON, injection
 * strings, another user's resources, missing, expired and forged tokens. Every one must be
 * answered with a 4xx {@code application/problem+json} carrying a {@code code}, and a snapshot of
 * every Redis key and every table of the five databases taken before and after must be equal.
 */
@ExtendWith(E2eSuite.Lifecycle.class)
class BadInputSweepTest {

    private final E2eSuite suite = E2eSuite.get();

    record Case(String name, String method, String url, String bearer, Object body, String contentType,
                Map<String, String> headers) {
    }

    private final List<Case> cases = new ArrayList<>();

    @Test
    void everyBadRequestIsRefusedWithProblemJsonAndChangesNothing() throws Exception {
        Fixtures fixtures = fixtures();
        authMatrix(fixtures);
        wallet(fixtures);
        earnings(fixtures);
        settlement(fixtures);
        revenue();
        goal();
        idempotencyKeys(fixtures);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);

        Map<String, String> before = Snapshot.quiet(suite, Duration.ofSeconds(90));
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Http.Res res = Http.send(c.method(), c.url(), c.bearer(), c.body(), c.contentType(), c.headers());
            boolean ok = res.status() >= 400 && res.status() < 500 && res.problem()
                    && res.json().path("code").isTextual() && res.json().path("status").asInt() == res.status();
            if (!ok) {
                failures.add(c.name() + " " + c.method() + " " + c.url() + " → " + res);
            }
        }
        Map<String, String> after = Snapshot.quiet(suite, Duration.ofSeconds(90));
        System.out.printf("e2e: %d bad requests sent, %d not answered with a 4xx problem+json%n", cases.size(), failures.size());
        List<String> changed = Snapshot.differences(before, after);
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(failures).as("requests not refused with a 4xx problem+json").isEmpty();
        soft.assertThat(changed).as("what the bad requests changed: %s", changed.stream()
                .map(k -> k + "\n  before: " + before.get(k) + "\n  after:  " + after.get(k)).toList()).isEmpty();
        soft.assertAll();
        Invariants.awaitAll(suite, Duration.ofSeconds(60));
    }

    /** A few real things to aim bad requests at, made (and recorded) before the first snapshot. */
    record Fixtures(String chargeId, String holdId, String usageId, long rejectedPayout, String goalId) {
    }

    private Fixtures fixtures() {
        String chargeId = EventIds.uuidV7();
        assertThat(suite.charge(chargeId, USERS.get(0), APP_EXPLORER, "action", false).status()).isEqualTo(201);
        String holdId = "hold-" + EventIds.uuidV7();
        Http.Res hold = Http.post(suite.url(WALLET) + "/v1/wallets/" + USERS.get(2) + "/holds", userToken(USERS.get(2)),
                Map.of("hold_id", holdId, "amount", 50, "purpose", "e2e fixture", "ttl_seconds", 86_400, "payee", OP1));
        assertThat(hold.status()).as("hold: %s", hold).isEqualTo(201);
        suite.model.hold(50);
        String usageId = "use-" + EventIds.uuidV7();
        assertThat(suite.usage(usageId, "e2e-node-a", OP1, "own", new BigDecimal("0.5")).status()).isEqualTo(201);
        // A payout needs earnings: wait until the fixture charge reached developer earnings.
        Invariants.awaitAll(suite, Duration.ofSeconds(90));
        Http.Res payout = Http.keyed("POST", suite.url(EARNINGS) + "/v1/developer/payouts", devToken(DEV_EXPLORER),
                Map.of("amount_tokens", 1), Http.newKey());
        assertThat(payout.status()).as("payout: %s", payout).isEqualTo(201);
        long payoutId = payout.json().path("payout_id").asLong();
        assertThat(Http.post(suite.url(EARNINGS) + "/v1/admin/payouts/" + payoutId + "/reject", admin(), null).status()).isEqualTo(200);
        String goalRequest = "e2e-sweep-" + EventIds.uuidV7();
        Http.Res goal = suite.goal(goalRequest);
        assertThat(goal.status()).as("goal: %s", goal).isEqualTo(201);
        return new Fixtures(chargeId, holdId, usageId, payoutId, goal.json().path("goal_id").asText());
    }

    // ---- tokens that must not get in ----

    private static Map<String, String> badTokens(String subject, String... roles) throws NoSuchAlgorithmException {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("no token", null);
        PrivateKey stackKey = JwtSigner.readPrivateKey(Path.of(System.getProperty("pes.jwt.private-key-location")));
        tokens.put("expired token", "Bearer " + JwtSigner.sign(stackKey, subject, List.of(roles),
                Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1)));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        tokens.put("token signed by another key", "Bearer " + JwtSigner.sign(generator.generateKeyPair().getPrivate(),
                subject, List.of(roles), Instant.now(), Duration.ofHours(1)));
        String valid = com.platformeconomy.stack.TestTokens.mint("user:e2e-u4", "user");
        String[] parts = valid.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"user:e2e-u4\"", "\"" + subject + "\"").replace("\"user\"", "\"admin\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        tokens.put("tampered token (admin role, old signature)", "Bearer " + tampered);
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        tokens.put("alg none token", "Bearer " + none);
        tokens.put("garbage token", "Bearer not-a-jwt");
        tokens.put("basic auth", "Basic YWRtaW46YWRtaW4=");
        return tokens;
    }

    private void authMatrix(Fixtures f) throws NoSuchAlgorithmException {
        String w = suite.url(WALLET);
        String e = suite.url(EARNINGS);
        String s = suite.url(SETTLEMENT);
        String r = suite.url(REVENUE);
        String g = suite.url(GOAL);
        String u1 = USERS.get(0);
        List<Object[]> routes = List.of(
                new Object[] {"GET", w + "/v1/wallets/" + u1, null},
                new Object[] {"POST", w + "/v1/wallets/" + u1 + "/credits", Map.of("event_id", EventIds.uuidV7(), "amount", 5, "reason", "x")},
                new Object[] {"POST", w + "/v1/wallets/" + u1 + "/debits", Map.of("event_id", EventIds.uuidV7(), "amount", 5, "category", "other", "reason", "x")},
                new Object[] {"POST", w + "/v1/charges", charge(EventIds.uuidV7(), u1, APP_EXPLORER)},
                new Object[] {"POST", w + "/v1/charges/batch", Map.of("charges", List.of(charge(EventIds.uuidV7(), u1, APP_EXPLORER)))},
                new Object[] {"POST", w + "/v1/wallets/" + u1 + "/holds", Map.of("hold_id", "h-" + EventIds.uuidV7(), "amount", 5, "purpose", "x", "ttl_seconds", 60)},
                new Object[] {"POST", w + "/v1/holds/" + f.holdId() + "/capture", Map.of("amount", 1)},
                new Object[] {"POST", w + "/v1/holds/" + f.holdId() + "/release", null},
                new Object[] {"GET", w + "/v1/holds/stats", null},
                new Object[] {"POST", w + "/v1/topups", Map.of("topup_id", "t-" + EventIds.uuidV7(), "account", u1, "amount_tokens", 5)},
                new Object[] {"POST", w + "/v1/admin/sandbox/topups/t-" + EventIds.uuidV7() + "/pay", null},
                new Object[] {"GET", w + "/v1/admin/reconciliation", null},
                new Object[] {"PUT", e + "/v1/developer/tier", Map.of("tier", "partner", "developer_id", DEV_EXPLORER)},
                new Object[] {"POST", e + "/v1/developer/apps", Map.of("app_id", "e2e-sneaky", "name", "x", "pricing_model", "paid", "base_price", 1)},
                new Object[] {"PATCH", e + "/v1/developer/apps/" + APP_DRAFT, Map.of("base_price", 1)},
                new Object[] {"POST", e + "/v1/developer/apps/" + APP_DRAFT + "/submit", null},
                new Object[] {"POST", e + "/v1/developer/apps/" + APP_EXPLORER + "/pause", null},
                new Object[] {"POST", e + "/v1/admin/apps/" + APP_PAUSED + "/approve", null},
                new Object[] {"GET", e + "/v1/developer/earnings", null},
                new Object[] {"GET", e + "/v1/developer/apps/" + APP_EXPLORER + "/analytics?days=7", null},
                new Object[] {"POST", e + "/v1/developer/payouts", Map.of("amount_tokens", 1)},
                new Object[] {"POST", e + "/v1/admin/payouts/" + f.rejectedPayout() + "/approve", null},
                new Object[] {"POST", e + "/v1/admin/adjustments", Map.of("developer_id", DEV_EXPLORER, "amount", 1000, "admin_note", "x")},
                new Object[] {"POST", s + "/api/metered-usage", usage("use-" + EventIds.uuidV7(), OP1, "hive", "1")},
                new Object[] {"POST", s + "/api/metered-usage/authorize", Map.of("node_id", "e2e-node-a", "task_source", "hive", "estimated_usd", 1)},
                new Object[] {"GET", s + "/api/settings/compute?node_id=e2e-node-a", null},
                new Object[] {"PUT", s + "/api/settings/compute?node_id=e2e-node-a", Map.of("auto_settle", false)},
                new Object[] {"GET", s + "/api/settings/compute/provider?node_id=e2e-node-a", null},
                new Object[] {"POST", s + "/api/settings/compute/provider/join?node_id=e2e-node-z", Map.of("node_tier", "regional")},
                new Object[] {"POST", s + "/api/admin/settlements/run", null},
                new Object[] {"GET", r + "/api/revenue/dashboard", null},
                new Object[] {"PUT", r + "/api/revenue/contributions/" + u1, Map.of("contribution_score", 1_000_000)},
                new Object[] {"POST", r + "/api/revenue/compute-reports", Map.of("node_id", "e2e-node-z", "account", OP1, "tier", "regional", "compute_units", 100, "period", currentPeriod())},
                new Object[] {"POST", r + "/api/revenue/distributions/run", Map.of("period", currentPeriod())},
                new Object[] {"POST", r + "/api/revenue/funding/check", null},
                new Object[] {"POST", g + "/api/goals", goalBody("e2e-sneaky-" + EventIds.uuidV7())},
                new Object[] {"GET", g + "/api/goals", null},
                new Object[] {"POST", g + "/api/goals/" + f.goalId() + "/paper-trades", Map.of("side", "buy", "symbol", "BTC", "quantity", 1, "price", 1)},
                new Object[] {"POST", g + "/api/goals/" + f.goalId() + "/live-proposal", null},
                new Object[] {"POST", g + "/api/goals/" + f.goalId() + "/votes", Map.of("vote", "yes")});
        Map<String, String> tokens = badTokens("admin:e2e", "admin");
        for (Object[] route : routes) {
            tokens.forEach((what, bearer) -> add(what, (String) route[0], (String) route[1], bearer, route[2]));
        }
    }

    // ---- wallet-service ----

    private void wallet(Fixtures f) {
        String w = suite.url(WALLET);
        String u1 = USERS.get(0);
        String u2 = USERS.get(1);
        String admin = admin();
        String credits = w + "/v1/wallets/" + u1 + "/credits";
        for (Object amount : amounts()) {
            add("credit amount " + amount, "POST", credits, admin, body("event_id", EventIds.uuidV7(), "amount", amount, "reason", "x"));
            add("debit amount " + amount, "POST", w + "/v1/wallets/" + u1 + "/debits", userToken(u1),
                    body("event_id", EventIds.uuidV7(), "amount", amount, "category", "api_usage", "reason", "x"));
            add("hold amount " + amount, "POST", w + "/v1/wallets/" + u1 + "/holds", userToken(u1),
                    body("hold_id", "h-" + EventIds.uuidV7(), "amount", amount, "purpose", "x", "ttl_seconds", 60));
            add("capture amount " + amount, "POST", w + "/v1/holds/" + f.holdId() + "/capture", admin, body("amount", amount));
            add("top-up amount " + amount, "POST", w + "/v1/topups", userToken(u1),
                    body("topup_id", "t-" + EventIds.uuidV7(), "account", u1, "amount_tokens", amount));
        }
        add("credit missing amount", "POST", credits, admin, Map.of("event_id", EventIds.uuidV7(), "reason", "x"));
        add("credit missing event_id", "POST", credits, admin, Map.of("amount", 5, "reason", "x"));
        add("credit missing reason", "POST", credits, admin, Map.of("event_id", EventIds.uuidV7(), "amount", 5));
        add("credit reason too long", "POST", credits, admin, Map.of("event_id", EventIds.uuidV7(), "amount", 5, "reason", "x".repeat(201)));
        add("credit event_id with spaces", "POST", credits, admin, Map.of("event_id", "bad id!", "amount", 5, "reason", "x"));
        add("credit event_id too long", "POST", credits, admin, Map.of("event_id", "e".repeat(200), "amount", 5, "reason", "x"));
        // The suite's own ids (SuiteIds, "pes/…") are refused on every route, whatever the caller.
        add("credit under a top-up's suite id", "POST", credits, admin, Map.of("event_id", "pes/topup/t-1", "amount", 5, "reason", "x"));
        add("credit under a hold capture's suite id", "POST", credits, admin, Map.of("event_id", "pes/hold/h-1/capture", "amount", 5, "reason", "x"));
        add("credit under a distribution's suite id", "POST", credits, admin,
                Map.of("event_id", "pes/revenue-distribution/2026-11/users/" + u1, "amount", 5, "reason", "x"));
        add("credit event_id of a UUIDv7 in the future", "POST", credits, admin,
                Map.of("event_id", EventIds.uuidV7(Instant.now().plus(Duration.ofDays(2))).toString(), "amount", 5, "reason", "x"));
        add("credit occurred_at not a time", "POST", credits, admin, Map.of("event_id", "plain-id-4", "amount", 5, "reason", "x",
                "occurred_at", "yesterday"));
        add("credit UUIDv7 of 2001", "POST", credits, admin, Map.of("event_id", EventIds.uuidV7(Instant.parse("2001-01-01T00:00:00Z")).toString(),
                "amount", 5, "reason", "x"));
        add("credit by a user", "POST", credits, userToken(u1), Map.of("event_id", EventIds.uuidV7(), "amount", 5, "reason", "x"));
        add("credit to an unknown kind of account", "POST", w + "/v1/wallets/bogus/credits", admin,
                Map.of("event_id", EventIds.uuidV7(), "amount", 5, "reason", "x"));
        add("credit to an injected account", "POST", w + "/v1/wallets/user:x'%3B%20DROP%20TABLE%20token_ledger%3B--/credits", admin,
                Map.of("event_id", EventIds.uuidV7(), "amount", 5, "reason", "x"));
        add("credit: broken JSON", "POST", credits, admin, "{\"event_id\": \"" + EventIds.uuidV7() + "\", \"amount\": 5,");
        add("credit: JSON array", "POST", credits, admin, "[1,2,3]");
        add("credit: JSON null", "POST", credits, admin, "null");
        add("credit: empty body", "POST", credits, admin, "");
        add("credit: text/plain", "POST", credits, admin, "amount=5", "text/plain");
        add("credit: oversized body", "POST", credits, admin, Map.of("event_id", EventIds.uuidV7(), "amount", 5, "reason", "x".repeat(200_000)));
        add("credit: amount as object", "POST", credits, admin, body("event_id", EventIds.uuidV7(), "amount", Map.of("$gt", 0), "reason", "x"));
        add("debit: bogus category", "POST", w + "/v1/wallets/" + u1 + "/debits", userToken(u1),
                Map.of("event_id", EventIds.uuidV7(), "amount", 5, "category", "salary", "reason", "x"));
        add("debit: missing category", "POST", w + "/v1/wallets/" + u1 + "/debits", userToken(u1),
                Map.of("event_id", EventIds.uuidV7(), "amount", 5, "reason", "x"));
        add("debit: more than the balance", "POST", w + "/v1/wallets/" + u1 + "/debits", userToken(u1),
                Map.of("event_id", EventIds.uuidV7(), "amount", 9_000_000_000_000L, "category", "other", "reason", "x"));
        add("debit: another user's wallet", "POST", w + "/v1/wallets/" + u2 + "/debits", userToken(u1),
                Map.of("event_id", EventIds.uuidV7(), "amount", 5, "category", "other", "reason", "x"));
        add("debit: a poor user", "POST", w + "/v1/wallets/" + POOR_USER + "/debits", userToken(POOR_USER),
                Map.of("event_id", EventIds.uuidV7(), "amount", 1, "category", "ad_spend", "reason", "x"));
        add("balance of another user", "GET", w + "/v1/wallets/" + u2, userToken(u1), null);
        add("balance of a malformed account", "GET", w + "/v1/wallets/%20%27%20OR%201%3D1", admin, null);

        String charges = w + "/v1/charges";
        add("charge for another user", "POST", charges, userToken(u1), charge(EventIds.uuidV7(), u2, APP_EXPLORER));
        add("charge an unknown app", "POST", charges, userToken(u1), charge(EventIds.uuidV7(), u1, "no-such-app"));
        // Not here: charging a draft app. SPEC §3 answers it 200 "not billed" (app_not_active) once the
        // wallet's catalog holds the draft; it was a 404 only while the catalog had not caught up,
        // which it now does before the sweep since the stack creates its topics up front.
        add("charge an injected app id", "POST", charges, userToken(u1), charge(EventIds.uuidV7(), u1, "x'; DROP TABLE apps;--"));
        add("charge a script app id", "POST", charges, userToken(u1), charge(EventIds.uuidV7(), u1, "<script>alert(1)</script>"));
        add("charge: a poor user", "POST", charges, userToken(POOR_USER), charge(EventIds.uuidV7(), POOR_USER, APP_PARTNER));
        add("charge: event id reused for another app", "POST", charges, userToken(u1), charge(f.chargeId(), u1, APP_STUDIO));
        Map<String, Object> badHandler = new LinkedHashMap<>(charge(EventIds.uuidV7(), u1, APP_EXPLORER));
        badHandler.put("handler", "root");
        add("charge: unknown handler", "POST", charges, userToken(u1), badHandler);
        Map<String, Object> badByollm = new LinkedHashMap<>(charge(EventIds.uuidV7(), u1, APP_EXPLORER));
        badByollm.put("byollm", "perhaps");
        add("charge: byollm not a boolean", "POST", charges, userToken(u1), badByollm);
        Map<String, Object> noByollm = new LinkedHashMap<>(charge(EventIds.uuidV7(), u1, APP_EXPLORER));
        noByollm.remove("byollm");
        add("charge: byollm missing", "POST", charges, userToken(u1), noByollm);
        Map<String, Object> badTool = new LinkedHashMap<>(charge(EventIds.uuidV7(), u1, APP_EXPLORER));
        badTool.put("tool_name", "../../etc/passwd; rm -rf /");
        add("charge: injected tool name", "POST", charges, userToken(u1), badTool);
        Map<String, Object> noUser = new LinkedHashMap<>(charge(EventIds.uuidV7(), u1, APP_EXPLORER));
        noUser.remove("user_id");
        add("charge: user_id missing", "POST", charges, admin, noUser);
        add("charge: broken JSON", "POST", charges, userToken(u1), "{\"event_id\":");
        add("batch: empty", "POST", charges + "/batch", userToken(u1), Map.of("charges", List.of()));
        String dup = EventIds.uuidV7();
        add("batch: the same event id twice", "POST", charges + "/batch", userToken(u1),
                Map.of("charges", List.of(charge(dup, u1, APP_EXPLORER), charge(dup, u1, APP_EXPLORER))));
        add("batch: one charge for another user", "POST", charges + "/batch", userToken(u1),
                Map.of("charges", List.of(charge(EventIds.uuidV7(), u1, APP_EXPLORER), charge(EventIds.uuidV7(), u2, APP_EXPLORER))));
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(charge("e2e-many-" + i, u1, APP_EXPLORER));
        }
        add("batch: 1001 charges", "POST", charges + "/batch", admin, Map.of("charges", many));

        String holds = w + "/v1/wallets/" + u1 + "/holds";
        add("hold: ttl 0", "POST", holds, userToken(u1), Map.of("hold_id", "h-" + EventIds.uuidV7(), "amount", 5, "purpose", "x", "ttl_seconds", 0));
        add("hold: ttl a year", "POST", holds, userToken(u1), Map.of("hold_id", "h-" + EventIds.uuidV7(), "amount", 5, "purpose", "x", "ttl_seconds", 31_536_000));
        add("hold: purpose missing", "POST", holds, userToken(u1), Map.of("hold_id", "h-" + EventIds.uuidV7(), "amount", 5, "ttl_seconds", 60));
        add("hold: more than available", "POST", holds, userToken(u1), Map.of("hold_id", "h-" + EventIds.uuidV7(), "amount", 9_000_000_000_000L,
                "purpose", "x", "ttl_seconds", 60));
        add("hold: on another user's wallet", "POST", w + "/v1/wallets/" + u2 + "/holds", userToken(u1),
                Map.of("hold_id", "h-" + EventIds.uuidV7(), "amount", 5, "purpose", "x", "ttl_seconds", 60));
        add("hold: reuse of a hold id", "POST", w + "/v1/wallets/" + USERS.get(2) + "/holds", userToken(USERS.get(2)),
                Map.of("hold_id", f.holdId(), "amount", 51, "purpose", "x", "ttl_seconds", 60));
        add("capture: unknown hold", "POST", w + "/v1/holds/no-such-hold/capture", admin, Map.of("amount", 1));
        add("capture: more than held", "POST", w + "/v1/holds/" + f.holdId() + "/capture", admin, Map.of("amount", 51));
        add("capture: by the holder (admin and service only)", "POST", w + "/v1/holds/" + f.holdId() + "/capture",
                userToken(USERS.get(2)), Map.of("amount", 1));
        add("release: another user's hold", "POST", w + "/v1/holds/" + f.holdId() + "/release", userToken(u1), null);
        add("release: unknown hold", "POST", w + "/v1/holds/no-such-hold/release", admin, null);
        add("top-up: another user's account", "POST", w + "/v1/topups", userToken(u1),
                Map.of("topup_id", "t-" + EventIds.uuidV7(), "account", u2, "amount_tokens", 5));
        add("top-up: malformed account", "POST", w + "/v1/topups", admin,
                Map.of("topup_id", "t-" + EventIds.uuidV7(), "account", "robert'); DROP TABLE topups;--", "amount_tokens", 5));
        add("top-up: malformed id", "POST", w + "/v1/topups", userToken(u1), Map.of("topup_id", "../../x", "account", u1, "amount_tokens", 5));
        add("top-up: unknown", "GET", w + "/v1/topups/no-such-topup", userToken(u1), null);
        add("top-up: price not a whole number of cents", "POST", w + "/v1/topups", userToken(u1),
                Map.of("topup_id", "t-" + EventIds.uuidV7(), "account", u1, "amount_tokens", 1_501));
        add("top-up: below the minimum", "POST", w + "/v1/topups", userToken(u1),
                Map.of("topup_id", "t-" + EventIds.uuidV7(), "account", u1, "amount_tokens", 499));
        add("top-up: a suite id", "POST", w + "/v1/topups", userToken(u1),
                Map.of("topup_id", "pes/topup/t-1", "account", u1, "amount_tokens", 1_000));
        add("top-up: payment confirmed by a user", "POST", w + "/v1/admin/sandbox/topups/t-" + EventIds.uuidV7() + "/pay",
                userToken(u1), null);
        add("top-up: payment confirmed by a service", "POST", w + "/v1/admin/sandbox/topups/t-" + EventIds.uuidV7() + "/pay",
                service("revenue-service", "wallet-service"), null);
        add("top-up: payment of an unknown top-up", "POST", w + "/v1/admin/sandbox/topups/no-such-topup/pay", admin, null);
        add("top-up: Stripe webhook where payments go through the sandbox", "POST", w + "/v1/webhooks/stripe", null,
                Map.of("type", "payment_intent.succeeded"));
        add("reconciliation by a user", "GET", w + "/v1/admin/reconciliation", userToken(u1), null);
        add("rebuild by a service", "POST", w + "/v1/admin/reconciliation/rebuild", service("developer-earnings-service", "wallet-service"), null);
    }

    // ---- developer-earnings-service ----

    private void earnings(Fixtures f) {
        String e = suite.url(EARNINGS);
        String dev = devToken(DEV_EXPLORER);
        add("tier: explorer cannot be bought", "PUT", e + "/v1/developer/tier", dev, Map.of("tier", "explorer"));
        add("tier: partner by the developer", "PUT", e + "/v1/developer/tier", dev, Map.of("tier", "partner"));
        add("tier: unknown", "PUT", e + "/v1/developer/tier", dev, Map.of("tier", "platinum"));
        add("tier: missing", "PUT", e + "/v1/developer/tier", dev, Map.of());
        add("tier: number", "PUT", e + "/v1/developer/tier", dev, body("tier", 3));
        add("tier: admin, malformed developer", "PUT", e + "/v1/developer/tier", admin(), Map.of("tier", "studio", "developer_id", "user:e2e-u1"));
        add("tier: by a user", "PUT", e + "/v1/developer/tier", userToken(USERS.get(0)), Map.of("tier", "indie"));
        add("tier: broken JSON", "PUT", e + "/v1/developer/tier", dev, "{tier: indie}");
        String apps = e + "/v1/developer/apps";
        add("app: id with capitals and spaces", "POST", apps, dev, appBody("Bad App", "paid", 1));
        add("app: id injection", "POST", apps, dev, appBody("x'; drop table apps;--", "paid", 1));
        add("app: id too short", "POST", apps, dev, appBody("a", "paid", 1));
        add("app: unknown pricing model", "POST", apps, dev, appBody("e2e-bad-1", "cheap", 1));
        add("app: negative price", "POST", apps, dev, appBody("e2e-bad-2", "paid", -1));
        add("app: fractional price", "POST", apps, dev, appBody("e2e-bad-3", "paid", 1.5));
        add("app: huge price", "POST", apps, dev, appBody("e2e-bad-4", "paid", 10_000_000_000L));
        add("app: price as text", "POST", apps, dev, appBody("e2e-bad-5", "paid", "five"));
        add("app: name missing", "POST", apps, dev, Map.of("app_id", "e2e-bad-6", "pricing_model", "paid", "base_price", 1));
        add("app: name too long", "POST", apps, dev, Map.of("app_id", "e2e-bad-7", "name", "n".repeat(201), "pricing_model", "paid", "base_price", 1));
        add("app: an id already taken", "POST", apps, dev, appBody(APP_EXPLORER, "paid", 1));
        add("app: another developer's id", "POST", apps, devToken(DEV_INDIE), appBody(APP_EXPLORER, "paid", 1));
        add("app: by a user", "POST", apps, userToken(USERS.get(0)), appBody("e2e-bad-8", "paid", 1));
        add("edit: an active app", "PATCH", apps + "/" + APP_EXPLORER, dev, Map.of("base_price", 1));
        add("edit: another developer's app", "PATCH", apps + "/" + APP_DRAFT, devToken(DEV_INDIE), Map.of("base_price", 1));
        add("edit: negative price", "PATCH", apps + "/" + APP_DRAFT, dev, Map.of("base_price", -5));
        add("edit: platform fee by the developer", "PATCH", apps + "/" + APP_DRAFT, dev, Map.of("platform_fee", 0));
        add("edit: unknown app", "PATCH", apps + "/no-such-app", dev, Map.of("base_price", 1));
        add("submit: an active app", "POST", apps + "/" + APP_EXPLORER + "/submit", dev, null);
        add("submit: another developer's app", "POST", apps + "/" + APP_DRAFT + "/submit", devToken(DEV_STUDIO), null);
        add("pause: a draft", "POST", apps + "/" + APP_DRAFT + "/pause", dev, null);
        add("pause: another developer's app", "POST", apps + "/" + APP_STUDIO + "/pause", dev, null);
        add("approve: by a developer", "POST", e + "/v1/admin/apps/" + APP_PAUSED + "/approve", dev, null);
        add("approve: unknown app", "POST", e + "/v1/admin/apps/no-such-app/approve", admin(), null);
        add("approve: an active app", "POST", e + "/v1/admin/apps/" + APP_EXPLORER + "/approve", admin(), null);
        add("approve: a draft", "POST", e + "/v1/admin/apps/" + APP_DRAFT + "/approve", admin(), null);
        add("earnings: by a user", "GET", e + "/v1/developer/earnings", userToken(USERS.get(0)), null);
        add("analytics: days=0", "GET", apps + "/" + APP_EXPLORER + "/analytics?days=0", dev, null);
        add("analytics: days=3651", "GET", apps + "/" + APP_EXPLORER + "/analytics?days=3651", dev, null);
        add("analytics: days=abc", "GET", apps + "/" + APP_EXPLORER + "/analytics?days=abc", dev, null);
        add("analytics: another developer's app", "GET", apps + "/" + APP_STUDIO + "/analytics?days=7", dev, null);
        String payouts = e + "/v1/developer/payouts";
        for (Object amount : amounts()) {
            add("payout amount " + amount, "POST", payouts, dev, body("amount_tokens", amount));
        }
        add("payout: more than earned", "POST", payouts, dev, Map.of("amount_tokens", 1_000_000));
        add("payout: by a user", "POST", payouts, userToken(USERS.get(0)), Map.of("amount_tokens", 1));
        add("approve payout: unknown", "POST", e + "/v1/admin/payouts/999999999/approve", admin(), null);
        add("approve payout: not a number", "POST", e + "/v1/admin/payouts/abc/approve", admin(), null);
        add("approve payout: a rejected one", "POST", e + "/v1/admin/payouts/" + f.rejectedPayout() + "/approve", admin(), null);
        add("pay payout: a rejected one", "POST", e + "/v1/admin/payouts/" + f.rejectedPayout() + "/paid", admin(), null);
        add("reject payout: by a developer", "POST", e + "/v1/admin/payouts/" + f.rejectedPayout() + "/reject", dev, null);
        String adjustments = e + "/v1/admin/adjustments";
        add("adjustment: zero", "POST", adjustments, admin(), Map.of("developer_id", DEV_EXPLORER, "amount", 0, "admin_note", "x"));
        add("adjustment: no note", "POST", adjustments, admin(), Map.of("developer_id", DEV_EXPLORER, "amount", 5));
        add("adjustment: blank note", "POST", adjustments, admin(), Map.of("developer_id", DEV_EXPLORER, "amount", 5, "admin_note", "  "));
        add("adjustment: not a developer", "POST", adjustments, admin(), Map.of("developer_id", "user:e2e-u1", "amount", 5, "admin_note", "x"));
        add("adjustment: huge", "POST", adjustments, admin(), Map.of("developer_id", DEV_EXPLORER, "amount", 10_000_000_000_000L, "admin_note", "x"));
        add("adjustment: fractional", "POST", adjustments, admin(), body("developer_id", DEV_EXPLORER, "amount", 2.5, "admin_note", "x"));
        add("adjustment: by a developer", "POST", adjustments, dev, Map.of("developer_id", DEV_EXPLORER, "amount", 5, "admin_note", "x"));
    }

    // ---- settlement-service ----

    private void settlement(Fixtures f) {
        String s = suite.url(SETTLEMENT);
        String op = operatorToken(OP1);
        String usage = s + "/api/metered-usage";
        for (String usd : List.of("-1", "0", "0.0000001", "1e400")) {
            add("usage usd " + usd, "POST", usage, op, usage("use-" + EventIds.uuidV7(), OP1, "hive", usd));
        }
        add("usage usd as text", "POST", usage, op, body("usage_id", "use-x1", "node_id", "e2e-node-a", "operator_id", OP1,
                "model_id", "m", "task_source", "hive", "tokens_in", 1, "tokens_out", 1, "actual_usd_cost", "a lot"));
        add("usage: unknown task source", "POST", usage, op, usage("use-" + EventIds.uuidV7(), OP1, "work", "1"));
        Map<String, Object> noNode = new LinkedHashMap<>(usage("use-" + EventIds.uuidV7(), OP1, "hive", "1"));
        noNode.remove("node_id");
        add("usage: node missing", "POST", usage, op, noNode);
        Map<String, Object> negativeTokens = new LinkedHashMap<>(usage("use-" + EventIds.uuidV7(), OP1, "hive", "1"));
        negativeTokens.put("tokens_in", -1);
        add("usage: negative tokens", "POST", usage, op, negativeTokens);
        add("usage: another operator's record", "POST", usage, operatorToken(OP2), usage("use-" + EventIds.uuidV7(), OP1, "hive", "1"));
        add("usage: id reused with other values", "POST", usage, op, usage(f.usageId(), OP1, "own", "0.7"));
        add("usage: injected id", "POST", usage, op, usage("1; DELETE FROM metered_usage", OP1, "hive", "1"));
        add("usage: broken JSON", "POST", usage, op, "{\"usage_id\":\"x\"");
        add("usage: by a user", "POST", usage, userToken(USERS.get(0)), usage("use-" + EventIds.uuidV7(), OP1, "hive", "1"));
        String gate = s + "/api/metered-usage/authorize";
        add("gate: negative estimate", "POST", gate, op, Map.of("node_id", "e2e-node-a", "task_source", "hive", "estimated_usd", -1));
        add("gate: unknown task source", "POST", gate, op, Map.of("node_id", "e2e-node-a", "task_source", "any", "estimated_usd", 1));
        add("gate: node missing", "POST", gate, op, Map.of("task_source", "hive", "estimated_usd", 1));
        add("gate: another operator's node", "POST", gate, operatorToken(OP2), Map.of("node_id", "e2e-node-a", "task_source", "hive", "estimated_usd", 1));
        String settings = s + "/api/settings/compute";
        add("settings: unknown policy", "PUT", settings + "?node_id=e2e-node-a", op, Map.of("compute_policy", "everywhere"));
        add("settings: min settlement 0", "PUT", settings + "?node_id=e2e-node-a", op, Map.of("min_settlement_spark", 0));
        add("settings: negative daily limit", "PUT", settings + "?node_id=e2e-node-a", op, Map.of("metered_daily_limit_usd", -1));
        add("settings: GPU 150%", "PUT", settings + "?node_id=e2e-node-a", op, Map.of("max_hive_gpu_pct", 150));
        add("settings: another operator's node", "PUT", settings + "?node_id=e2e-node-a", operatorToken(OP2), Map.of("auto_settle", false));
        add("settings: read another operator's node", "GET", settings + "?node_id=e2e-node-a", operatorToken(OP2), null);
        add("settings: node missing", "PUT", settings, op, Map.of("auto_settle", false));
        add("settings: central node enables metered hive", "PUT", settings + "?node_id=e2e-node-central", operatorToken(OP2),
                Map.of("allow_metered_for_hive", true));
        add("join: unknown tier", "POST", settings + "/provider/join?node_id=e2e-node-q", op, Map.of("node_tier", "galactic"));
        add("join: another operator's node", "POST", settings + "/provider/join?node_id=e2e-node-a", operatorToken(OP2), Map.of());
        add("provider: another operator's node", "GET", settings + "/provider?node_id=e2e-node-a", operatorToken(OP2), null);
        add("settle: by an operator", "POST", s + "/api/admin/settlements/run", op, null);
        add("settle: by a user", "POST", s + "/api/admin/settlements/run", userToken(USERS.get(0)), null);
    }

    // ---- revenue-service ----

    private void revenue() {
        String r = suite.url(REVENUE);
        for (String days : List.of("0", "-1", "3651", "abc", "1.5", "99999999999")) {
            add("dashboard period_days " + days, "GET", r + "/api/revenue/dashboard?period_days=" + days, admin(), null);
        }
        add("dashboard: by a user", "GET", r + "/api/revenue/dashboard", userToken(USERS.get(0)), null);
        String contributions = r + "/api/revenue/contributions/";
        add("contribution: negative", "PUT", contributions + USERS.get(0), admin(), Map.of("contribution_score", -1));
        add("contribution: text", "PUT", contributions + USERS.get(0), admin(), body("contribution_score", "lots"));
        add("contribution: huge", "PUT", contributions + USERS.get(0), admin(), Map.of("contribution_score", 10_000_000_000_000L));
        add("contribution: missing", "PUT", contributions + USERS.get(0), admin(), Map.of());
        add("contribution: malformed account", "PUT", contributions + "bogus", admin(), Map.of("contribution_score", 1));
        add("contribution: by the user itself", "PUT", contributions + USERS.get(0), userToken(USERS.get(0)), Map.of("contribution_score", 99));
        String reports = r + "/api/revenue/compute-reports";
        add("report: a user account", "POST", reports, admin(), report(USERS.get(0), "regional", 5, currentPeriod()));
        add("report: unknown tier", "POST", reports, admin(), report(OP1, "local", 5, currentPeriod()));
        add("report: zero units", "POST", reports, admin(), report(OP1, "regional", 0, currentPeriod()));
        add("report: negative units", "POST", reports, admin(), report(OP1, "regional", -5, currentPeriod()));
        add("report: month 13", "POST", reports, admin(), report(OP1, "regional", 5, "2026-13"));
        add("report: short period", "POST", reports, admin(), report(OP1, "regional", 5, "26-01"));
        add("report: a month not begun", "POST", reports, admin(), report(OP1, "regional", 5,
                java.time.YearMonth.now(java.time.ZoneOffset.UTC).plusMonths(1).toString()));
        add("report: another operator's account", "POST", reports, operatorToken(OP2), report(OP1, "regional", 5, currentPeriod()));
        String distributions = r + "/api/revenue/distributions/run";
        add("distribution: malformed period", "POST", distributions, admin(), Map.of("period", "2026-13"));
        add("distribution: before 2000", "POST", distributions, admin(), Map.of("period", "1999-12"));
        add("distribution: the future", "POST", distributions, admin(), Map.of("period", "2999-01"));
        add("distribution: by a user", "POST", distributions, userToken(USERS.get(0)), Map.of("period", currentPeriod()));
        add("funding check: by a user", "POST", r + "/api/revenue/funding/check", userToken(USERS.get(0)), null);
        add("funding check: by a developer", "POST", r + "/api/revenue/funding/check", devToken(DEV_EXPLORER), null);
    }

    // ---- goal-service ----

    private void goal() {
        String g = suite.url(GOAL);
        add("goal: by a user", "POST", g + "/api/goals", userToken(USERS.get(0)), goalBody("e2e-bad-goal-1"));
        Map<String, Object> negative = new LinkedHashMap<>(goalBody("e2e-bad-goal-2"));
        negative.put("budget_tokens", -1);
        add("goal: negative budget", "POST", g + "/api/goals", admin(), negative);
        Map<String, Object> loss = new LinkedHashMap<>(goalBody("e2e-bad-goal-3"));
        loss.put("max_loss_percent", 101);
        add("goal: max loss 101%", "POST", g + "/api/goals", admin(), loss);
        Map<String, Object> live = new LinkedHashMap<>(goalBody("e2e-bad-goal-4"));
        live.put("mode", "live");
        add("goal: live without a vote", "POST", g + "/api/goals", admin(), live);
        Map<String, Object> strategy = new LinkedHashMap<>(goalBody("e2e-bad-goal-5"));
        strategy.put("strategy", "Long Term; DROP TABLE trading_goal");
        add("goal: injected strategy", "POST", g + "/api/goals", admin(), strategy);
        Map<String, Object> noTitle = new LinkedHashMap<>(goalBody("e2e-bad-goal-6"));
        noTitle.remove("title");
        add("goal: no title", "POST", g + "/api/goals", admin(), noTitle);
        add("goal: broken JSON", "POST", g + "/api/goals", admin(), "{\"request_id\": ");
        add("goal: unknown", "GET", g + "/api/goals/no-such-goal", admin(), null);
        add("trade: unknown goal", "POST", g + "/api/goals/no-such-goal/paper-trades", admin(),
                Map.of("side", "buy", "symbol", "BTC", "quantity", 1, "price", 1));
        add("live proposal: unknown goal", "POST", g + "/api/goals/no-such-goal/live-proposal", admin(), null);
        add("vote: unknown goal", "POST", g + "/api/goals/no-such-goal/votes", admin(), Map.of("vote", "yes"));
        add("vote: by a user", "POST", g + "/api/goals/no-such-goal/votes", userToken(USERS.get(0)), Map.of("vote", "yes"));
        add("vote: maybe", "POST", g + "/api/goals/no-such-goal/votes", admin(), Map.of("vote", "maybe"));
    }

    // ---- helpers ----

    // ---- Idempotency-Key (SPEC §10): the routes that create money records without an event id ----

    /** Each keyed route, sent a valid body with no key or a malformed one: 400, and nothing booked. */
    private void idempotencyKeys(Fixtures f) {
        String e = suite.url(EARNINGS);
        String dev = devToken(DEV_EXPLORER);
        List<Object[]> routes = List.of(
                new Object[] {"adjustment", "POST", e + "/v1/admin/adjustments", admin(),
                        Map.of("developer_id", DEV_EXPLORER, "amount", 1000, "admin_note", "keyless")},
                new Object[] {"payout", "POST", e + "/v1/developer/payouts", dev, Map.of("amount_tokens", 1)},
                new Object[] {"tier purchase", "PUT", e + "/v1/developer/tier", dev, Map.of("tier", "indie")},
                new Object[] {"paper trade", "POST", suite.url(GOAL) + "/api/goals/" + f.goalId() + "/paper-trades", admin(),
                        Map.of("side", "buy", "symbol", "BTC", "quantity", 1, "price", 1)});
        for (Object[] r : routes) {
            cases.add(new Case(r[0] + ": no Idempotency-Key", (String) r[1], (String) r[2], (String) r[3], r[4],
                    "application/json", Map.of()));
            // A suite id, a space, too long, a bad first character: none is a key.
            for (String bad : List.of("pes/topup/x", "two words", "k".repeat(129), "-dash-first")) {
                cases.add(new Case(r[0] + ": Idempotency-Key " + bad, (String) r[1], (String) r[2], (String) r[3], r[4],
                        "application/json", Map.of("Idempotency-Key", bad)));
            }
        }
    }

    private void add(String name, String method, String url, String bearer, Object body) {
        add(name, method, url, bearer, body, "application/json");
    }

    private void add(String name, String method, String url, String bearer, Object body, String contentType) {
        cases.add(new Case(name, method, url, bearer, body, contentType, Map.of()));
    }

    /** Amounts no money route may take. */
    private static List<Object> amounts() {
        return List.of(-1, 0, 1.5, "5", true, new BigDecimal("1e30"), new BigDecimal("9223372036854775808"),
                9_007_199_254_740_992L, -9_223_372_036_854_775_807L);
    }

    /** A map that may hold nulls and values of any type (Map.of takes neither mixed nulls nor odd types well). */
    private static Map<String, Object> body(Object... keyValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            body.put((String) keyValues[i], keyValues[i + 1]);
        }
        return body;
    }

    private static Map<String, Object> charge(String eventId, String user, String app) {
        return body("event_id", eventId, "user_id", user, "app_id", app, "tool_name", "tool.e2e", "handler", "action", "byollm", false);
    }

    private static Map<String, Object> usage(String id, String operator, String source, String usd) {
        return body("usage_id", id, "node_id", "e2e-node-a", "operator_id", operator, "model_id", "m", "task_source", source,
                "tokens_in", 1, "tokens_out", 1, "actual_usd_cost", new BigDecimal(usd));
    }

    private static Map<String, Object> appBody(String id, String pricing, Object price) {
        return body("app_id", id, "name", "bad", "pricing_model", pricing, "base_price", price);
    }

    private static Map<String, Object> report(String account, String tier, long units, String period) {
        return body("node_id", "e2e-node-z", "account", account, "tier", tier, "compute_units", units, "period", period);
    }

    private static Map<String, Object> goalBody(String requestId) {
        return body("request_id", requestId, "type", "trading", "title", "t", "strategy", "long_term", "market", "crypto:BTC-USD",
                "budget_tokens", 100, "max_loss_percent", 10, "funding_source", "e2e");
    }
}
