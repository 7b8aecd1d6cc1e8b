package com.platformeconomy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.client.earnings.api.AppsApi;
import com.platformeconomy.client.earnings.api.TiersApi;
import com.platformeconomy.client.earnings.model.CreateAppRequest;
import com.platformeconomy.client.earnings.model.TierRequest;
import com.platformeconomy.client.goal.api.GoalsApi;
import com.platformeconomy.client.goal.model.GoalRequest;
import com.platformeconomy.client.settlement.api.BudgetGateApi;
import com.platformeconomy.client.settlement.api.ComputeSettingsApi;
import com.platformeconomy.client.settlement.api.MeteredUsageApi;
import com.platformeconomy.client.settlement.api.NodesApi;
import com.platformeconomy.client.settlement.api.SettlementsApi;
import com.platformeconomy.client.settlement.model.AuthorizeRequest;
import com.platformeconomy.client.settlement.model.ComputeSettingsUpdate;
import com.platformeconomy.client.settlement.model.ProviderJoinRequest;
import com.platformeconomy.client.settlement.model.Registration;
import com.platformeconomy.client.settlement.model.UsageRecordRequest;
import com.platformeconomy.client.wallet.api.ChargesApi;
import com.platformeconomy.client.wallet.api.PaymentsApi;
import com.platformeconomy.client.wallet.api.TopUpsApi;
import com.platformeconomy.client.wallet.api.WalletsApi;
import com.platformeconomy.client.wallet.model.ChargeRequest;
import com.platformeconomy.client.wallet.model.Debit;
import com.platformeconomy.client.wallet.model.TopUpRequest;
import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.stack.LocalStack;
import com.platformeconomy.stack.Redis;
import com.platformeconomy.stack.RunningService;
import com.platformeconomy.stack.StackInfo;
import com.platformeconomy.testkit.tokens.Tokens;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole suite as the README's run command starts it — the local stack and the five packaged
 * services as separate processes — started once per test JVM and shared by the test classes, with
 * a small world in it (developers on every tier and their apps, users with money, node operators).
 * Everything the economy does goes through the services' routes; the test only reads the databases
 * and Redis to check the invariants.
 */
final class E2eSuite {

    static final String WALLET = "wallet-service";
    static final String EARNINGS = "developer-earnings-service";
    static final String SETTLEMENT = "settlement-service";
    static final String REVENUE = "revenue-service";
    static final String GOAL = "goal-service";

    // The world.
    static final String DEV_EXPLORER = "dev:e2e-explorer";
    static final String DEV_INDIE = "dev:e2e-indie";
    static final String DEV_STUDIO = "dev:e2e-studio";
    static final String DEV_PARTNER = "dev:e2e-partner";
    static final String APP_EXPLORER = "e2e-explorer-paid";
    static final String APP_FREE = "e2e-explorer-free";
    static final String APP_INDIE = "e2e-indie-paid";
    static final String APP_STUDIO = "e2e-studio-paid";
    static final String APP_PARTNER = "e2e-partner-paid";
    static final String APP_PAUSED = "e2e-paused";
    static final String APP_DRAFT = "e2e-draft";
    static final List<String> PAID_APPS = List.of(APP_EXPLORER, APP_INDIE, APP_STUDIO, APP_PARTNER);
    static final List<String> USERS = List.of("user:e2e-u1", "user:e2e-u2", "user:e2e-u3", "user:e2e-u4");
    static final String POOR_USER = "user:e2e-poor";
    static final String OP1 = "node-op:e2e-op1";
    static final String OP2 = "node-op:e2e-op2";
    static final long USER_FUNDS = 60_000;

    private static E2eSuite running;

    final Path stackDir;
    /** How many buckets wallet-service spreads the wallets over ({@code -Dwallet.redis.buckets}, default 1; issue 19). */
    final int walletBuckets = Integer.getInteger("wallet.redis.buckets", 1);
    final StackInfo stack;
    final Map<String, RunningService> services = new LinkedHashMap<>();
    final Model model = new Model();
    /** The budget gate's authorization of each usage id reported, so that a replay sends the same record. */
    final Map<String, String> authorizations = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<String, Db> db = new LinkedHashMap<>();
    /** The configuration each service was started with: another replica of it gets the same. */
    final Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    /** The spans the services export (every request is traced here). */
    final OtlpReceiver traces;

    /** The suite, started (with its world) by the first test class that asks. */
    static synchronized E2eSuite get() {
        if (running == null) {
            try {
                running = new E2eSuite();
                running.buildWorld();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the suite", e);
            }
        }
        return running;
    }

    private E2eSuite() throws Exception {
        long started = System.nanoTime();
        stackDir = Path.of(System.getProperty("pes.stack.dir", "target/stack")).toAbsolutePath();
        // Redis writes every command to its AOF before answering, so an accepted charge survives a restart.
        stack = LocalStack.start(stackDir, false, List.of("--appendonly", "yes", "--appendfsync", "always")).info();
        // RunningService and the test kit's Tokens read the stack through MicroProfile Config: system properties.
        stack.config().forEach(System::setProperty);
        for (String database : LocalStack.DATABASES) {
            db.put(database, new Db(stack.postgresHost(), stack.postgresPort(), stack.postgresUser(), database));
        }
        // A consumer killed with -9 never says goodbye: its group waits out its session before handing its
        // partitions to the restarted one. 6 s (the broker's minimum) instead of 45 s keeps the fault tests short.
        Map<String, String> common = new LinkedHashMap<>(Map.of("kafka.session.timeout.ms", "6000", "kafka.heartbeat.interval.ms", "1500"));
        // Likewise a wallet replica killed with -9 leaves what its relay had read pending in the stream's group:
        // the survivor claims entries idle for 15 s instead of 3 min (a live relay's are republished at worst,
        // and every consumer is idempotent on the event id), so ReplicasTest's two minutes cover it.
        common.put("wallet.relay.claim-min-idle", "PT15S");
        common.put("wallet.relay.claim-interval", "PT5S");
        // Every request traced, exported over OTLP/HTTP to the test JVM's receiver (what the Collector is in
        // Kubernetes), so OneChargeTraceTest can follow a charge through the services (issue 21).
        traces = new OtlpReceiver();
        common.put("quarkus.otel.traces.sampler.arg", "1");
        common.put("quarkus.otel.exporter.otlp.traces.endpoint", traces.endpoint());
        common.put("quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
        common.put("quarkus.otel.bsp.schedule.delay", "PT0.5S");
        // The billing consumers fetch each event as it comes, not 64 KiB or 500 ms at a time: a batch's SQL is
        // under its first traced event's span only (platform's EventConsumer), and with every request traced
        // another test's last charge, booked up to 500 ms late, would share OneChargeTraceTest's batch.
        common.put("pes.kafka.bulk.fetch-min-bytes", "1");
        // wallet-service in the dev profile, as ./suite up runs it: top-ups are paid through the sandbox,
        // whose payments only an admin confirms (SPEC §10); production refuses the sandbox.
        Map<String, String> walletConfig = new LinkedHashMap<>(common);
        walletConfig.put("quarkus.profile", "dev");
        if (walletBuckets > 1) {
            walletConfig.put("wallet.redis.buckets", Integer.toString(walletBuckets)); // the wallets spread over buckets (issue 19)
        }
        // A capture's two legs through escrow (buckets) pair up in the ledger as soon as both are booked:
        // the invariants, checked once everything is booked, ask reconciliation to list any leg left alone at once.
        walletConfig.put("wallet.reconciliation.escrow-leg-grace", "PT0S");
        configs.put(WALLET, walletConfig);
        RunningService wallet = RunningService.start(WALLET, walletConfig);
        services.put(WALLET, wallet);
        // The test runs every schedule itself through the routes, so it knows when money moves:
        // settlement, distribution and auto-funding are off; the grace makes the current month count
        // as closed, so the scenario can distribute the gross it has just produced.
        Map<String, Map<String, String>> config = new LinkedHashMap<>();
        config.put(EARNINGS, Map.of("pes.wallet.url", wallet.url()));
        config.put(SETTLEMENT, Map.of("settlement.interval", "off"));
        config.put(REVENUE, Map.of("pes.wallet.url", wallet.url(), "revenue.distribution-cron", "off",
                "revenue.funding-cron", "off", "revenue.distribution-grace", "PT-768H"));
        config.put(GOAL, Map.of());
        // One after the other: on two cores, JVMs starting side by side only slow each other down.
        config.forEach((module, extra) -> {
            Map<String, String> all = new LinkedHashMap<>(common);
            all.putAll(extra);
            if (module.equals(REVENUE)) {
                // Compute reports are bound to the node's owner in settlement-service's registry.
                all.put("pes.settlement.url", services.get(SETTLEMENT).url());
            }
            configs.put(module, all);
            services.put(module, RunningService.start(module, all));
        });
        System.out.printf("e2e: stack and five services ready in %.1f s: %s; %s%n",
                (System.nanoTime() - started) / 1e9, stack.describe(), services.values());
    }

    /**
     * Stops the services and the stack once every test class has run, instead of leaving it to
     * shutdown hooks racing Surefire's exit timeout. Every test class carries it.
     */
    static final class Lifecycle implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent("e2e-suite", key -> (ExtensionContext.Store.CloseableResource) E2eSuite::stop);
        }
    }

    private static synchronized void stop() {
        if (running == null) {
            return;
        }
        running.services.values().stream().map(service -> CompletableFuture.runAsync(service::close)).toList()
                .forEach(CompletableFuture::join);
        LocalStack.stop(running.stackDir);
        running.traces.close();
        running = null;
    }

    /** Another replica of {@code module}: same configuration, its own port; the caller closes it. */
    RunningService replica(String module) {
        return RunningService.start(module, configs.get(module));
    }

    String url(String module) {
        return services.get(module).url();
    }

    // Authorization header values: the test kit's tokens, as e2e's plain HTTP client sends them.

    static String token(String subject, String... roles) {
        return Tokens.bearer(Tokens.mint(subject, roles));
    }

    static String admin() {
        return Tokens.bearer(Tokens.admin("admin:e2e"));
    }

    /** What service {@code from} presents to service {@code to} (SPEC §10), signed with {@code from}'s own key. */
    static String service(String from, String to) {
        return Tokens.bearer(Tokens.service(from, to));
    }

    static String userToken(String user) {
        return Tokens.bearer(Tokens.user(user));
    }

    static String devToken(String developer) {
        return Tokens.bearer(Tokens.developer(developer));
    }

    static String operatorToken(String operator) {
        return Tokens.bearer(Tokens.operator(operator));
    }

    static String currentPeriod() {
        return YearMonth.now(ZoneOffset.UTC).toString();
    }

    /** The stack's admin on the Redis node that holds wallet-service's keys (of its one bucket). */
    Redis redis() {
        return Redis.adminForKey(stack, walletKey("accounts"));
    }

    /**
     * Every account's balance in Redis, as wallet-service keeps it: with one bucket, one wallet each;
     * with more ({@code -Dwallet.redis.buckets}), each bucket read on its own master and a system
     * account's sub-accounts (one per bucket) summed, as the wallet sums them where read.
     */
    Map<String, Long> redisBalances() {
        Map<String, Long> balances = new HashMap<>();
        for (String prefix : walletPrefixes()) {
            try (Redis redis = Redis.adminForKey(stack, prefix + "accounts")) {
                for (String account : redis.list("SMEMBERS", prefix + "accounts")) {
                    String balance = (String) redis.call("HGET", prefix + "wallet:" + account, "balance");
                    balances.merge(account, balance == null ? 0 : Long.parseLong(balance), Long::sum);
                }
            }
        }
        return balances;
    }

    /** What each of wallet-service's buckets puts before its keys: {@code walletKey("")} alone with one bucket. */
    List<String> walletPrefixes() {
        List<String> prefixes = new ArrayList<>();
        for (int bucket = 0; bucket < walletBuckets; bucket++) {
            prefixes.add(walletBuckets == 1 ? walletKey("") : "pes:{b" + bucket + "}:");
        }
        return prefixes;
    }

    /**
     * wallet-service's key {@code name} ({@code pes:name}): on a Redis Cluster its keys carry one hash
     * tag ({@code pes:{w}:name}, wallet-service's redis/Keys); with buckets, the first bucket's
     * ({@code pes:{b0}:name}, where the app catalog is as in every bucket).
     */
    String walletKey(String name) {
        return (walletBuckets > 1 ? "pes:{b0}:" : stack.redisCluster() ? "pes:{w}:" : "pes:") + name;
    }

    /** A key of wallet-service as on one node ({@code pes:name}), whatever tag it carries. */
    static String untagged(String key) {
        return key.startsWith("pes:{w}:") ? "pes:" + key.substring("pes:{w}:".length()) : key;
    }

    // ---- the world ----

    private void buildWorld() {
        for (String user : USERS) {
            topUp(user, USER_FUNDS);
        }
        developer(DEV_EXPLORER, null, 0);
        developer(DEV_INDIE, "indie", 9_000);
        developer(DEV_STUDIO, "studio", 29_000);
        // Granted by another admin than the one who approves the apps (SPEC §10, four eyes: an admin does not
        // approve an app at a tier it granted).
        Http.Res partner = Api.call(() -> Api.of(url(EARNINGS), TiersApi::new).changeTierWithHttpInfo(Http.newKey(),
                new TierRequest().tier("partner").developerId(DEV_PARTNER), Api.auth(Tokens.bearer(Tokens.admin("admin:e2e-tiers")))));
        assertThat(partner.status()).as("admin sets partner: %s", partner).isEqualTo(200);

        app(DEV_EXPLORER, APP_EXPLORER, "paid", 5, 70);
        app(DEV_EXPLORER, APP_FREE, "free", 0, 70);
        app(DEV_INDIE, APP_INDIE, "paid", 5, 80);
        app(DEV_STUDIO, APP_STUDIO, "paid", 10, 85);
        app(DEV_PARTNER, APP_PARTNER, "paid", 20, 95);
        app(DEV_EXPLORER, APP_PAUSED, "paid", 3, 70);
        Http.Res paused = Api.call(() -> Api.of(url(EARNINGS), AppsApi::new).pauseAppWithHttpInfo(APP_PAUSED,
                Api.auth(devToken(DEV_EXPLORER))));
        assertThat(paused.status()).as("pause: %s", paused).isEqualTo(200);
        Http.Res draft = Api.call(() -> Api.of(url(EARNINGS), AppsApi::new).createAppWithHttpInfo(new CreateAppRequest()
                .appId(APP_DRAFT).name("never submitted").pricingModel("paid").basePrice(4L), Api.auth(devToken(DEV_EXPLORER))));
        assertThat(draft.status()).as("draft: %s", draft).isEqualTo(201);

        // wallet-service prices charges from app.catalog: wait until every app's last state arrived
        // (in every bucket, each of which keeps its copy of the catalog).
        for (String prefix : walletPrefixes()) {
            try (Redis redis = Redis.adminForKey(stack, prefix + "accounts")) {
                Awaitility.await("app.catalog reached wallet-service").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (String app : List.of(APP_EXPLORER, APP_FREE, APP_INDIE, APP_STUDIO, APP_PARTNER)) {
                        assertThat(redis.hash(prefix + "app:" + app)).as(app).containsEntry("status", "active");
                    }
                    assertThat(redis.hash(prefix + "app:" + APP_PAUSED)).containsEntry("status", "suspended");
                });
            }
        }
        // Nodes are registered to their operators by an admin (SPEC §10: no first-come claims).
        for (String[] node : new String[][] {{"e2e-node-a", OP1, "regional"}, {"e2e-node-b", OP1, "flat"},
                {"e2e-node-c", OP2, "flat"}, {"e2e-node-central", OP2, "central"}}) {
            Http.Res registered = Api.call(() -> Api.of(url(SETTLEMENT), NodesApi::new).registerNodeWithHttpInfo(
                    new Registration().nodeId(node[0]).operatorId(node[1]).nodeTier(node[2]), Api.auth(admin())));
            assertThat(registered.status()).as("register %s: %s", node[0], registered).isBetween(200, 201);
        }
        // Metered use for hive allowed on the nodes that are paid for it (without a cap but on node a).
        for (String[] node : new String[][] {{"e2e-node-b", OP1}, {"e2e-node-c", OP2}}) {
            Http.Res allowed = Api.call(() -> Api.of(url(SETTLEMENT), ComputeSettingsApi::new).updateComputeSettingsWithHttpInfo(
                    node[0], new ComputeSettingsUpdate().allowMeteredForHive(true), Api.auth(operatorToken(node[1]))));
            assertThat(allowed.status()).as("settings of %s: %s", node[0], allowed).isEqualTo(200);
        }
        // Node operators with settings: op1's nodes settle automatically; op2 joins its central node
        // (naming the tier the admin registered; only an admin changes it, SPEC §10).
        Http.Res join = Api.call(() -> Api.of(url(SETTLEMENT), ComputeSettingsApi::new).joinAsProviderWithHttpInfo(
                "e2e-node-central", new ProviderJoinRequest().nodeTier("central"), Api.auth(operatorToken(OP2))));
        assertThat(join.status()).as("join: %s", join).isBetween(200, 201);
        Http.Res settings = Api.call(() -> Api.of(url(SETTLEMENT), ComputeSettingsApi::new).updateComputeSettingsWithHttpInfo(
                "e2e-node-a", new ComputeSettingsUpdate().allowMeteredForHive(true).meteredDailyLimitUsd(BigDecimal.valueOf(50)),
                Api.auth(operatorToken(OP1))));
        assertThat(settings.status()).as("settings: %s", settings).isEqualTo(200);
    }

    private void developer(String developer, String tier, long fee) {
        Http.Res first = Api.call(() -> Api.of(url(EARNINGS), TiersApi::new).getTierWithHttpInfo(Api.auth(devToken(developer))));
        assertThat(first.status()).as("tier of %s: %s", developer, first).isEqualTo(200);
        if (tier != null) {
            topUp(developer, fee);
            Http.Res bought = Api.call(() -> Api.of(url(EARNINGS), TiersApi::new).changeTierWithHttpInfo(Http.newKey(),
                    new TierRequest().tier(tier), Api.auth(devToken(developer))));
            assertThat(bought.status()).as("%s buys %s: %s", developer, tier, bought).isEqualTo(200);
            model.debit("tier:" + developer, developer, fee, "tier_fee");
        }
    }

    /** Creates, submits and approves an app; checks the split approval fixed against the developer's tier. */
    private void app(String developer, String appId, String pricing, long basePrice, int expectedSplit) {
        String dev = devToken(developer);
        AppsApi apps = Api.of(url(EARNINGS), AppsApi::new);
        Http.Res created = Api.call(() -> apps.createAppWithHttpInfo(new CreateAppRequest()
                .appId(appId).name("App " + appId).pricingModel(pricing).basePrice(basePrice), Api.auth(dev)));
        assertThat(created.status()).as("create %s: %s", appId, created).isEqualTo(201);
        Http.Res submitted = Api.call(() -> apps.submitAppWithHttpInfo(appId, Api.auth(dev)));
        assertThat(submitted.status()).as("submit %s: %s", appId, submitted).isEqualTo(200);
        Http.Res approved = Api.call(() -> apps.approveAppWithHttpInfo(appId, Api.auth(admin())));
        assertThat(approved.status()).as("approve %s: %s", appId, approved).isEqualTo(200);
        assertThat(approved.json().path("revenue_split_dev").asInt()).as("split of %s", appId).isEqualTo(expectedSplit);
        long fee = approved.json().path("platform_fee").asLong();
        model.app(new Model.App(appId, developer, basePrice, fee, expectedSplit, pricing.equals("paid")));
    }

    // ---- driving the economy (each records what was accepted) ----

    /**
     * A top-up through the saga: asked for by the account itself, which gets a payment to make and
     * no tokens; then paid, which only an admin can confirm in the sandbox (as ./suite pay-topup
     * does); waits until it is credited.
     */
    void topUp(String account, long amount) {
        String id = "topup-" + EventIds.uuidV7();
        String bearer = token(account, account.startsWith("dev:") ? "developer" : "user");
        Http.Res started = Api.call(() -> Api.of(url(WALLET), TopUpsApi::new).startTopUpWithHttpInfo(
                new TopUpRequest().topupId(id).account(account).amountTokens(amount), Api.auth(bearer)));
        assertThat(started.status()).as("top-up: %s", started).isIn(200, 201);
        assertThat(started.json().path("state").asText()).as("top-up: %s", started).isEqualTo("requires_payment");
        Http.Res byOwner = Api.call(() -> Api.of(url(WALLET), PaymentsApi::new).paySandboxTopUpWithHttpInfo(id, Api.auth(bearer)));
        assertThat(byOwner.status()).as("the owner confirms its own payment: %s", byOwner).isEqualTo(403);
        Http.Res paid = Api.call(() -> Api.of(url(WALLET), PaymentsApi::new).paySandboxTopUpWithHttpInfo(id, Api.auth(admin())));
        assertThat(paid.status()).as("payment of %s: %s", id, paid).isEqualTo(200);
        Awaitility.await("top-up " + id).atMost(Duration.ofSeconds(30)).until(() ->
                "credited".equals(Api.call(() -> Api.of(url(WALLET), TopUpsApi::new).getTopUpWithHttpInfo(id, Api.auth(bearer)))
                        .json().path("state").asText()));
        model.topUp(account, amount);
    }

    /**
     * A user's call of an app's tool: the answer must be what the SPEC's rules give for the app;
     * an accepted one is recorded. Returns the answer (status -1: no answer, outcome unknown).
     */
    Http.Res charge(String eventId, String user, String appId, String handler, boolean byollm) {
        ChargeRequest body = new ChargeRequest().eventId(eventId).userId(user).appId(appId).toolName("tool.e2e")
                .handler(handler).byollm(byollm);
        Http.Res res = Api.call(() -> Api.of(url(WALLET), ChargesApi::new).createChargeWithHttpInfo(body, Api.auth(userToken(user))));
        recordCharge(res, eventId, user, appId, byollm);
        return res;
    }

    void recordCharge(Http.Res res, String eventId, String user, String appId, boolean byollm) {
        if (res.status() != 200 && res.status() != 201) {
            return;
        }
        JsonNode json = res.json();
        // A free app's call is accepted and recorded (zero shares, for analytics), though nothing is billed.
        if (!json.path("billed").asBoolean() && !"free_app".equals(json.path("reason").asText())) {
            return;
        }
        Model.App app = model.app(appId);
        assertThat(json.path("total_cost").asLong()).as("total of %s byollm=%s", appId, byollm).isEqualTo(app.total(byollm));
        assertThat(json.path("developer_share").asLong()).as("developer share of %s", appId).isEqualTo(app.developerShare(byollm));
        assertThat(json.path("platform_share").asLong()).isEqualTo(app.total(byollm) - app.developerShare(byollm));
        model.charge(new Model.Charge(eventId, user, appId, app.total(byollm), app.developerShare(byollm),
                app.total(byollm) - app.developerShare(byollm)));
    }

    /** A debit (api_usage, ad_spend) by the user itself; 201 recorded, 402 changes nothing. */
    Http.Res debit(String eventId, String account, long amount, String category) {
        Http.Res res = Api.call(() -> Api.of(url(WALLET), WalletsApi::new).debitWalletWithHttpInfo(account,
                new Debit().eventId(eventId).amount(amount).category(category).reason("e2e " + category), Api.auth(userToken(account))));
        if (res.status() == 201 || res.status() == 200) { // 200: a replay of one that was applied
            model.debit(eventId, account, amount, category);
        }
        return res;
    }

    /**
     * A metered usage record a node reports (as its operator, or as a service for one without).
     * A hive/idle record of an operator's node is made as SPEC §10 requires to be paid: under an
     * authorization of the budget gate for its cost, asked once per usage id (a replay names the
     * same authorization).
     */
    Http.Res usage(String usageId, String node, String operator, String taskSource, BigDecimal usd) {
        UsageRecordRequest body = new UsageRecordRequest().usageId(usageId).nodeId(node).modelId("gpt-e2e")
                .taskSource(taskSource).tokensIn(120L).tokensOut(80L).actualUsdCost(usd);
        MeteredUsageApi metered = Api.of(url(SETTLEMENT), MeteredUsageApi::new);
        if (operator != null) {
            body.operatorId(operator);
            if (!taskSource.equals("own")) {
                String authorization = authorizations.computeIfAbsent(usageId, id -> {
                    Http.Res gate = Api.call(() -> Api.of(url(SETTLEMENT), BudgetGateApi::new).authorizeMeteredCallWithHttpInfo(new AuthorizeRequest()
                            .nodeId(node).taskSource(taskSource).estimatedUsd(usd), Api.auth(operatorToken(operator))));
                    return gate.json().path("authorization_id").asText(null);
                });
                if (authorization != null) {
                    body.authorizationId(UUID.fromString(authorization));
                }
            }
        }
        Http.Res res = Api.call(() -> metered.recordMeteredUsageWithHttpInfo(body,
                Api.auth(operator == null ? admin() : operatorToken(operator))));
        if (res.status() == 200 || res.status() == 201) {
            // Only what settlement-service found payable is awarded: the model follows its payable_usd.
            JsonNode payable = res.json().path("payable_usd");
            model.usage(node, usageId, payable.isNumber() ? operator : null, taskSource,
                    payable.isNumber() ? payable.decimalValue() : usd);
        }
        return res;
    }

    /** A trading goal created over REST by an admin; recorded with the goal id it got. */
    Http.Res goal(String requestId) {
        Http.Res res = Api.call(() -> Api.of(url(GOAL), GoalsApi::new).createGoalWithHttpInfo(new GoalRequest()
                .requestId(requestId).type("trading").title("e2e goal").strategy("long_term").market("crypto:BTC-USD")
                .budgetTokens(100L).maxLossPercent(10).fundingSource("e2e"), Api.auth(admin())));
        if (res.status() == 200 || res.status() == 201) {
            model.goal(requestId, res.json().path("goal_id").asText());
        }
        return res;
    }

    /** Settles now and checks the run against the model's pending records. */
    void settle() {
        Http.Res run = Api.call(() -> Api.of(url(SETTLEMENT), SettlementsApi::new).runSettlementWithHttpInfo(Api.auth(admin())));
        assertThat(run.status()).as("settlement run: %s", run).isEqualTo(200);
        long expected = model.settle();
        assertThat(run.json().path("total_spark_awarded").asLong()).as("spark awarded: %s", run).isEqualTo(expected);
    }
}
