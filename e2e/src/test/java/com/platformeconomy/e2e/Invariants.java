package com.platformeconomy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.client.earnings.api.AnalyticsApi;
import com.platformeconomy.client.earnings.api.EarningsApi;
import com.platformeconomy.client.revenue.api.RevenueDashboardApi;
import com.platformeconomy.client.wallet.api.HoldsApi;
import com.platformeconomy.client.wallet.api.ReconciliationApi;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;

/**
 * What must hold after every scenario, once the events in flight have landed:
 * <ul>
 *   <li>Σ of all ledger rows is 0, and every transaction's rows sum to 0;</li>
 *   <li>every account's Redis balance equals its ledger sum (the reconciliation route reports no
 *       drift, and the test recomputes it from Redis and the ledger itself), and equals the
 *       balance the test's own record gives;</li>
 *   <li>every accepted charge is in the ledger, in developer earnings and in the revenue roll-ups
 *       exactly once, and nothing else is;</li>
 *   <li>the dashboard, every developer's earnings and every app's analytics equal the sums the test
 *       computes from what it sent.</li>
 * </ul>
 */
final class Invariants {

    private Invariants() {
    }

    /** Waits (up to {@code atMost}) until every invariant holds at once; fails with the last difference. */
    static void awaitAll(E2eSuite suite, Duration atMost) {
        Awaitility.await("the economy's invariants").atMost(atMost).pollInterval(Duration.ofSeconds(1))
                .pollDelay(Duration.ZERO).untilAsserted(() -> checkAll(suite));
    }

    static void checkAll(E2eSuite suite) {
        Model model = suite.model;
        Db wallet = suite.db.get("wallet");
        SoftAssertions soft = new SoftAssertions();

        // Double entry.
        soft.assertThat(wallet.scalar("SELECT COALESCE(sum(amount), 0) FROM token_ledger")).as("Σ of all ledger rows").isZero();
        soft.assertThat(wallet.rows("SELECT event_id FROM token_ledger GROUP BY event_id HAVING sum(amount) <> 0 OR count(*) <> 2"))
                .as("transactions whose rows do not sum to 0").isEmpty();

        // Redis = ledger = the test's record, for every account either knows.
        Map<String, Long> ledger = new HashMap<>();
        wallet.rows("SELECT account, sum(amount) AS s FROM token_ledger GROUP BY account")
                .forEach(r -> ledger.put((String) r.get("account"), ((Number) r.get("s")).longValue()));
        Map<String, Long> redisBalances = suite.redisBalances();
        Set<String> accounts = new HashSet<>(ledger.keySet());
        accounts.addAll(redisBalances.keySet());
        accounts.addAll(model.balances().keySet());
        for (String account : accounts) {
            soft.assertThat(redisBalances.getOrDefault(account, 0L)).as("Redis balance of %s = its ledger sum", account)
                    .isEqualTo(ledger.getOrDefault(account, 0L));
            soft.assertThat(ledger.getOrDefault(account, 0L)).as("ledger sum of %s = the test's record", account)
                    .isEqualTo(model.balance(account));
        }
        Http.Res reconciliation = Api.call(() -> Api.of(suite.url(E2eSuite.WALLET), ReconciliationApi::new)
                .getReconciliationReportWithHttpInfo(Api.auth(E2eSuite.admin())));
        soft.assertThat(reconciliation.status()).as("reconciliation: %s", reconciliation).isEqualTo(200);
        soft.assertThat(reconciliation.json().path("drift").size()).as("reconciliation drift: %s", reconciliation).isZero();
        soft.assertThat(reconciliation.json().path("unmatched_escrow_legs").size())
                .as("captures through escrow with one leg booked: %s", reconciliation).isZero();

        // Every accepted charge exactly once in the ledger, in earnings and in revenue.
        Map<String, Model.Charge> charges = model.charges().stream()
                .collect(Collectors.toMap(Model.Charge::eventId, c -> c));
        Set<String> billed = charges.values().stream().filter(c -> c.total() > 0).map(Model.Charge::eventId)
                .collect(Collectors.toSet());
        Map<String, Long> ledgerCharges = new HashMap<>();
        wallet.rows("SELECT event_id, count(*) AS n FROM token_ledger WHERE kind = 'charge' GROUP BY event_id")
                .forEach(r -> ledgerCharges.put((String) r.get("event_id"), ((Number) r.get("n")).longValue()));
        soft.assertThat(ledgerCharges.keySet()).as("charges in the ledger").containsExactlyInAnyOrderElementsOf(billed);
        soft.assertThat(ledgerCharges.values()).as("ledger rows per charge").allMatch(n -> n == 2);
        Map<String, long[]> earnings = new HashMap<>();
        suite.db.get("earnings").rows("SELECT event_id, developer_share, platform_share FROM developer_earnings")
                .forEach(r -> earnings.put((String) r.get("event_id"), new long[] {
                        ((Number) r.get("developer_share")).longValue(), ((Number) r.get("platform_share")).longValue()}));
        soft.assertThat(earnings.keySet()).as("charges in developer earnings").containsExactlyInAnyOrderElementsOf(charges.keySet());
        charges.values().forEach(c -> {
            long[] shares = earnings.get(c.eventId());
            if (shares != null) {
                soft.assertThat(shares).as("shares of %s", c.eventId()).containsExactly(c.developerShare(), c.platformShare());
            }
        });
        Set<String> counted = suite.db.get("revenue").rows("SELECT event_id FROM processed_event").stream()
                .map(r -> (String) r.get("event_id")).collect(Collectors.toSet());
        soft.assertThat(counted).as("charges counted by revenue-service").containsAll(billed);

        // Every goal the test asked for exists exactly once, and no other goal does.
        Map<String, String> goals = new HashMap<>();
        suite.db.get("goal").rows("SELECT request_id, goal_id::text AS goal_id FROM trading_goal")
                .forEach(r -> goals.put((String) r.get("request_id"), (String) r.get("goal_id")));
        soft.assertThat(goals).as("trading goals by request id").isEqualTo(model.goals());

        // What the services show = what the test computes from what it sent.
        checkDashboard(suite, soft);
        checkDevelopers(suite, soft);
        Http.Res holds = Api.call(() -> Api.of(suite.url(E2eSuite.WALLET), HoldsApi::new).getHoldStatsWithHttpInfo(Api.auth(E2eSuite.admin())));
        soft.assertThat(holds.json().path("active_escrows").asLong()).as("active escrows").isEqualTo(model.activeHolds());
        soft.assertThat(holds.json().path("total_spark_escrowed").asLong()).as("tokens escrowed").isEqualTo(model.heldTotal());
        soft.assertAll();
    }

    static void checkDashboard(E2eSuite suite, SoftAssertions soft) {
        Model model = suite.model;
        Http.Res res = Api.call(() -> Api.of(suite.url(E2eSuite.REVENUE), RevenueDashboardApi::new)
                .getRevenueDashboardWithHttpInfo(30, Api.auth(E2eSuite.admin())));
        soft.assertThat(res.status()).as("dashboard: %s", res).isEqualTo(200);
        JsonNode revenue = res.json().path("revenue");
        BigDecimal gross = BigDecimal.valueOf(model.gross());
        soft.assertThat(revenue.path("period_days").asInt()).isEqualTo(30);
        soft.assertThat(revenue.path("api_revenue").decimalValue()).as("api_revenue").isEqualByComparingTo(BigDecimal.valueOf(model.apiRevenue()));
        soft.assertThat(revenue.path("ad_revenue").decimalValue()).as("ad_revenue").isEqualByComparingTo(BigDecimal.valueOf(model.adRevenue()));
        soft.assertThat(revenue.path("hosting_payouts").decimalValue()).as("hosting_payouts")
                .isEqualByComparingTo(BigDecimal.valueOf(model.hostingPayouts()));
        soft.assertThat(revenue.path("total_gross").decimalValue()).as("total_gross").isEqualByComparingTo(gross);
        soft.assertThat(revenue.path("user_pool_share").decimalValue()).as("user_pool_share").isEqualByComparingTo(percent(gross, 90));
        soft.assertThat(revenue.path("infra_pool_share").decimalValue()).as("infra_pool_share").isEqualByComparingTo(percent(gross, 9));
        soft.assertThat(revenue.path("central_share").decimalValue()).as("central_share").isEqualByComparingTo(percent(gross, 1));
        soft.assertThat(revenue.path("platform_share").decimalValue()).as("platform_share").isEqualByComparingTo(percent(gross, 10));
        soft.assertThat(res.json().path("trading").path("platform_excess").decimalValue()).as("platform_excess")
                .isEqualByComparingTo(model.platformExcess());
        JsonNode borrowing = res.json().path("compute_borrowing");
        soft.assertThat(borrowing.path("active_escrows").asLong()).as("dashboard escrows").isEqualTo(model.activeHolds());
        soft.assertThat(borrowing.path("total_spark_escrowed").asLong()).as("dashboard escrowed").isEqualTo(model.heldTotal());
    }

    static BigDecimal percent(BigDecimal amount, int percent) {
        return amount.multiply(BigDecimal.valueOf(percent)).divide(BigDecimal.valueOf(100));
    }

    static void checkDevelopers(E2eSuite suite, SoftAssertions soft) {
        Model model = suite.model;
        for (String developer : model.developers()) {
            Http.Res res = Api.call(() -> Api.of(suite.url(E2eSuite.EARNINGS), EarningsApi::new)
                    .getEarningsWithHttpInfo(null, Api.auth(E2eSuite.devToken(developer))));
            soft.assertThat(res.status()).as("earnings of %s: %s", developer, res).isEqualTo(200);
            JsonNode json = res.json();
            soft.assertThat(json.path("total_earnings").asLong()).as("total_earnings of %s", developer).isEqualTo(model.earned(developer));
            soft.assertThat(json.path("total_platform_share").asLong()).as("total_platform_share of %s", developer)
                    .isEqualTo(model.platformShareOf(developer));
            soft.assertThat(json.path("paid_out").asLong()).as("paid_out of %s", developer).isEqualTo(model.paidOut(developer));
            soft.assertThat(json.path("pending_payout").asLong()).as("pending_payout of %s", developer)
                    .isEqualTo(model.earned(developer) - model.paidOut(developer));
        }
        Map<String, long[]> perApp = new HashMap<>();
        Map<String, Set<String>> users = new HashMap<>();
        for (Model.Charge charge : model.charges()) {
            perApp.computeIfAbsent(charge.appId(), a -> new long[2]);
            perApp.get(charge.appId())[0]++;
            perApp.get(charge.appId())[1] += charge.developerShare();
            users.computeIfAbsent(charge.appId(), a -> new HashSet<>()).add(charge.user());
        }
        perApp.forEach((appId, figures) -> {
            String developer = model.app(appId).developer();
            Http.Res res = Api.call(() -> Api.of(suite.url(E2eSuite.EARNINGS), AnalyticsApi::new)
                    .getAppAnalyticsWithHttpInfo(appId, "all", Api.auth(E2eSuite.devToken(developer))));
            soft.assertThat(res.status()).as("analytics of %s: %s", appId, res).isEqualTo(200);
            soft.assertThat(res.json().path("actions").asLong()).as("actions of %s", appId).isEqualTo(figures[0]);
            soft.assertThat(res.json().path("revenue").asLong()).as("revenue of %s", appId).isEqualTo(figures[1]);
            soft.assertThat(res.json().path("unique_users").asLong()).as("unique users of %s", appId).isEqualTo(users.get(appId).size());
        });
    }
}
