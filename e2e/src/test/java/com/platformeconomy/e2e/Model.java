package com.platformeconomy.e2e;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The test's own record of what it sent and what the services accepted, and the figures that
 * follow from it by the SPEC's rules, computed here independently of the services. Every check
 * compares what the services show against this. Thread-safe: the load generator records into it.
 */
final class Model {

    static final String REVENUE = "platform:revenue";
    static final String TREASURY = "platform:treasury";
    static final String CENTRAL = "platform:central";

    /** An app as the test configured it: who earns, its price and the split fixed at approval. */
    record App(String appId, String developer, long basePrice, long platformFee, int splitDev, boolean paid) {

        long total(boolean byollm) {
            return paid ? basePrice + (byollm ? 0 : platformFee) : 0;
        }

        long developerShare(boolean byollm) {
            return Math.floorDiv(total(byollm) * splitDev, 100);
        }
    }

    /** An accepted charge (billed, or a free app's call recorded with zero shares). */
    record Charge(String eventId, String user, String appId, long total, long developerShare, long platformShare) {
    }

    private final Map<String, Long> balances = new TreeMap<>();
    private final Map<String, App> apps = new HashMap<>();
    private final Map<String, Charge> charges = new LinkedHashMap<>();
    private final Map<String, Long> developerShares = new HashMap<>();
    private final Map<String, Long> adjustments = new HashMap<>();
    private final Map<String, Long> paidOut = new HashMap<>();
    private final Map<String, Long> pendingSpark = new TreeMap<>();
    private final Set<String> usageIds = new HashSet<>();
    private final Set<String> debits = new HashSet<>();
    private final Map<String, String> goalsByRequest = new HashMap<>();
    private long apiRevenue;
    private long adRevenue;
    private long hostingPayouts;
    private long activeHolds;
    private long heldTotal;

    synchronized void app(App app) {
        apps.put(app.appId(), app);
    }

    synchronized App app(String appId) {
        return apps.get(appId);
    }

    synchronized void move(String from, String to, long amount) {
        balances.merge(from, -amount, Long::sum);
        balances.merge(to, amount, Long::sum);
    }

    synchronized void topUp(String account, long amount) {
        move(TREASURY, account, amount);
    }

    /** A debit accepted by wallet-service: to the revenue account; api_usage and ad_spend are revenue. */
    synchronized void debit(String eventId, String account, long amount, String category) {
        if (!debits.add(eventId)) {
            return; // a replay of a debit already recorded
        }
        move(account, REVENUE, amount);
        if (category.equals("api_usage")) {
            apiRevenue += amount;
        } else if (category.equals("ad_spend")) {
            adRevenue += amount;
        }
    }

    /** A charge wallet-service accepted; a second record of the same event id (a replay) changes nothing. */
    synchronized void charge(Charge charge) {
        if (charges.putIfAbsent(charge.eventId(), charge) != null) {
            return;
        }
        if (charge.total() > 0) {
            move(charge.user(), REVENUE, charge.total());
        }
        developerShares.merge(apps.get(charge.appId()).developer(), charge.developerShare(), Long::sum);
        apiRevenue += charge.platformShare();
    }

    synchronized boolean hasCharge(String eventId) {
        return charges.containsKey(eventId);
    }

    synchronized List<Charge> charges() {
        return new ArrayList<>(charges.values());
    }

    synchronized void hold(long amount) {
        activeHolds++;
        heldTotal += amount;
    }

    synchronized void holdEnded(long amount) {
        activeHolds--;
        heldTotal -= amount;
    }

    synchronized long activeHolds() {
        return activeHolds;
    }

    synchronized long heldTotal() {
        return heldTotal;
    }

    /**
     * A metered usage record settlement-service stored (a usage id is its node's own); hive and idle
     * ones with an operator will be settled.
     */
    synchronized void usage(String node, String usageId, String operator, String taskSource, BigDecimal usd) {
        if (!usageIds.add(node + " " + usageId)) {
            return;
        }
        if (operator != null && !taskSource.equals("own")) {
            pendingSpark.merge(operator, spark(usd), Long::sum);
        }
    }

    /** spark = max(1, floor(usd × 100)) per record (SPEC §2). */
    static long spark(BigDecimal usd) {
        return Math.max(1, usd.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.FLOOR).longValueExact());
    }

    /** A settlement run: every operator whose pending spark reached the minimum (10) is awarded it. Returns the total. */
    synchronized long settle() {
        long total = 0;
        for (var it = pendingSpark.entrySet().iterator(); it.hasNext(); ) {
            var pending = it.next();
            if (pending.getValue() >= 10) {
                move(TREASURY, pending.getKey(), pending.getValue());
                hostingPayouts += pending.getValue();
                total += pending.getValue();
                it.remove();
            }
        }
        return total;
    }

    synchronized long pendingSpark(String operator) {
        return pendingSpark.getOrDefault(operator, 0L);
    }

    /** A distribution's credit from the revenue account; infrastructure-pool payments are hosting payouts. */
    synchronized void distributed(String account, long amount, boolean infrastructure) {
        move(REVENUE, account, amount);
        if (infrastructure) {
            hostingPayouts += amount;
        }
    }

    synchronized void adjustment(String developer, long amount) {
        adjustments.merge(developer, amount, Long::sum);
    }

    synchronized void paidOut(String developer, long amount) {
        paidOut.merge(developer, amount, Long::sum);
    }

    synchronized long earned(String developer) {
        return developerShares.getOrDefault(developer, 0L) + adjustments.getOrDefault(developer, 0L);
    }

    synchronized long platformShareOf(String developer) {
        return charges.values().stream().filter(c -> apps.get(c.appId()).developer().equals(developer))
                .mapToLong(Charge::platformShare).sum();
    }

    synchronized long paidOut(String developer) {
        return paidOut.getOrDefault(developer, 0L);
    }

    synchronized Set<String> developers() {
        Set<String> developers = new HashSet<>();
        apps.values().forEach(a -> developers.add(a.developer()));
        return developers;
    }

    synchronized void goal(String requestId, String goalId) {
        goalsByRequest.putIfAbsent(requestId, goalId);
    }

    synchronized Map<String, String> goals() {
        return new HashMap<>(goalsByRequest);
    }

    synchronized long balance(String account) {
        return balances.getOrDefault(account, 0L);
    }

    synchronized Map<String, Long> balances() {
        return new TreeMap<>(balances);
    }

    synchronized long apiRevenue() {
        return apiRevenue;
    }

    synchronized long adRevenue() {
        return adRevenue;
    }

    synchronized long gross() {
        return apiRevenue + adRevenue;
    }

    synchronized long hostingPayouts() {
        return hostingPayouts;
    }

    /** platform_excess = (9% + 1%) of gross − hosting payouts, exact. */
    synchronized BigDecimal platformExcess() {
        return BigDecimal.valueOf(gross()).multiply(BigDecimal.TEN).divide(BigDecimal.valueOf(100))
                .subtract(BigDecimal.valueOf(hostingPayouts));
    }

    /**
     * Largest remainder: {@code whole} split by {@code weights} into integers that sum to it; the
     * remainders left over go one each to the largest fractions, ties to the alphabetically first key.
     */
    static Map<String, Long> largestRemainder(long whole, Map<String, Long> weights) {
        long sum = weights.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Long> parts = new TreeMap<>();
        Map<String, BigDecimal> fractions = new TreeMap<>();
        long given = 0;
        for (var w : new TreeMap<>(weights).entrySet()) {
            BigDecimal exact = BigDecimal.valueOf(whole).multiply(BigDecimal.valueOf(w.getValue()));
            BigDecimal[] qr = exact.divideAndRemainder(BigDecimal.valueOf(sum));
            parts.put(w.getKey(), qr[0].longValueExact());
            fractions.put(w.getKey(), qr[1]);
            given += qr[0].longValueExact();
        }
        List<String> order = new ArrayList<>(fractions.keySet());
        order.sort((a, b) -> {
            int byFraction = fractions.get(b).compareTo(fractions.get(a));
            return byFraction != 0 ? byFraction : a.compareTo(b);
        });
        for (int i = 0; i < whole - given; i++) {
            parts.merge(order.get(i), 1L, Long::sum);
        }
        return parts;
    }
}
