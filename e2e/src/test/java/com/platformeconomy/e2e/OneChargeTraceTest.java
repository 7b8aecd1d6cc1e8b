package com.platformeconomy.e2e;

import static com.platformeconomy.e2e.E2eSuite.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.client.earnings.api.AppsApi;
import com.platformeconomy.client.earnings.model.CreateAppRequest;
import com.platformeconomy.client.revenue.api.RevenueDashboardApi;
import com.platformeconomy.client.wallet.api.ChargesApi;
import com.platformeconomy.client.wallet.model.ChargeRequest;
import com.platformeconomy.contracts.event.EventIds;
import com.platformeconomy.e2e.OtlpReceiver.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 21: one charge, followed by its trace id through the five processes as an operator's trace
 * viewer shows it. The services export their spans over OTLP to the test JVM ({@link OtlpReceiver},
 * the Collector's stand-in); the trace must hold the route, its Redis call, the relay's publish, and
 * the three bookings of the event (the wallet's ledger, developer-earnings-service, revenue-service),
 * each booking a child of the publish, with its SQL beneath it.
 */
@ExtendWith(E2eSuite.Lifecycle.class)
class OneChargeTraceTest {

    private final E2eSuite suite = E2eSuite.get();

    @Test
    void aChargesTraceShowsTheRelayTheLedgerEarningsAndRevenueBookingIt() throws Exception {
        // The caller's trace id is kept (its "sampled" flag is not obeyed: the wallet samples by its own draw, here 1).
        String traceId = newTraceId();
        suite.traces.watch(traceId);

        String eventId = "trace-" + EventIds.uuidV7();
        String user = USERS.get(0);
        ChargeRequest body = new ChargeRequest().eventId(eventId).userId(user).appId(APP_INDIE).toolName("tool.e2e")
                .handler("action").byollm(false);
        Http.Res res = Api.call(() -> Api.of(suite.url(WALLET), ChargesApi::new).createChargeWithHttpInfo(body,
                Map.of("Authorization", userToken(user), "traceparent", traceparent(traceId))));
        assertThat(res.status()).as("the charge: %s", res).isEqualTo(201);
        suite.recordCharge(res, eventId, user, APP_INDIE, false);

        Awaitility.await("the charge's spans from every service").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<ReceivedSpan> trace = suite.traces.trace(traceId);
                    ReceivedSpan route = only(trace, s -> s.service().equals(WALLET) && s.kind().equals("SERVER")
                            && s.name().contains("/v1/charges"));
                    ReceivedSpan publish = only(trace, s -> s.service().equals(WALLET) && s.name().equals("billing.events publish"));
                    assertThat(publish.kind()).isEqualTo("PRODUCER");
                    // The publish continues the route: its parent is the route's span or the script's Redis call under it.
                    ReceivedSpan publishParent = only(trace, s -> s.spanId().equals(publish.parentSpanId()));
                    assertThat(publishParent.spanId().equals(route.spanId()) || publishParent.parentSpanId().equals(route.spanId()))
                            .as("the publish's parent %s is the route or under it", publishParent).isTrue();
                    assertThat(trace).as("the script's Redis call under the route")
                            .anySatisfy(s -> {
                                assertThat(s.kind()).isEqualTo("CLIENT");
                                assertThat(s.name()).containsIgnoringCase("evalsha");
                                assertThat(s.parentSpanId()).isEqualTo(route.spanId());
                            });
                    for (Map.Entry<String, String> booking : Map.of(WALLET, "apply ledger",
                            EARNINGS, "apply billing-events", REVENUE, "apply billing-revenue").entrySet()) {
                        ReceivedSpan applied = only(trace, s -> s.service().equals(booking.getKey()) && s.name().equals(booking.getValue()));
                        assertThat(applied.kind()).isEqualTo("CONSUMER");
                        assertThat(applied.parentSpanId()).as(booking.getValue() + "'s parent is the publish").isEqualTo(publish.spanId());
                        assertThat(trace).as(booking.getKey() + "'s SQL under its booking").anySatisfy(s -> {
                            assertThat(s.service()).isEqualTo(booking.getKey());
                            assertThat(s.kind()).isEqualTo("CLIENT");
                            assertThat(s.parentSpanId()).isEqualTo(applied.spanId());
                        });
                    }
                });

        String rendered = render(suite.traces.trace(traceId));
        System.out.println("trace " + traceId + " of charge " + eventId + ":\n" + rendered);
        Path file = Path.of("target", "one-charge-trace.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "trace " + traceId + "\n" + rendered);
    }

    @Test
    void aRestCallFromOneServiceToAnotherContinuesTheCallersTrace() {
        // The revenue dashboard asks wallet-service for its hold statistics with its own service token.
        String traceId = newTraceId();
        suite.traces.watch(traceId);
        Http.Res res = Api.call(() -> Api.of(suite.url(REVENUE), RevenueDashboardApi::new).getRevenueDashboardWithHttpInfo(30,
                Map.of("Authorization", admin(), "traceparent", traceparent(traceId))));
        assertThat(res.status()).as("the dashboard: %s", res).isEqualTo(200);

        Awaitility.await("the dashboard's spans in both services").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<ReceivedSpan> trace = suite.traces.trace(traceId);
                    ReceivedSpan route = only(trace, s -> s.service().equals(REVENUE) && s.kind().equals("SERVER"));
                    ReceivedSpan call = only(trace, s -> s.service().equals(REVENUE) && s.kind().equals("CLIENT") && s.name().startsWith("GET"));
                    ReceivedSpan served = only(trace, s -> s.service().equals(WALLET) && s.kind().equals("SERVER"));
                    assertThat(call.parentSpanId()).as("the call out is under the route").isEqualTo(route.spanId());
                    assertThat(served.parentSpanId()).as("wallet-service continued the caller's span").isEqualTo(call.spanId());
                });
    }

    @Test
    void anEventQueuedInAnOutboxContinuesTheTraceOfTheRequestThatQueuedIt() {
        // developer-earnings-service writes an app's catalog entry to its outbox in the route's transaction
        // (app.catalog); wallet-service applies it to the catalog it prices charges with.
        String traceId = newTraceId();
        suite.traces.watch(traceId);
        String appId = "e2e-traced-" + EventIds.uuidV7().substring(0, 8);
        Http.Res res = Api.call(() -> Api.of(suite.url(EARNINGS), AppsApi::new).createAppWithHttpInfo(new CreateAppRequest()
                        .appId(appId).name("Traced " + appId).pricingModel("paid").basePrice(5L),
                Map.of("Authorization", devToken(DEV_INDIE), "traceparent", traceparent(traceId))));
        assertThat(res.status()).as("the app: %s", res).isEqualTo(201);

        Awaitility.await("the app's catalog event applied in wallet-service").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<ReceivedSpan> trace = suite.traces.trace(traceId);
                    ReceivedSpan route = only(trace, s -> s.service().equals(EARNINGS) && s.kind().equals("SERVER"));
                    ReceivedSpan applied = only(trace, s -> s.service().equals(WALLET) && s.kind().equals("CONSUMER"));
                    assertThat(applied.name()).startsWith("apply ");
                    ReceivedSpan parent = only(trace, s -> s.spanId().equals(applied.parentSpanId()));
                    assertThat(parent.service()).as("the event's parent is the request that queued it").isEqualTo(EARNINGS);
                    assertThat(parent.spanId().equals(route.spanId()) || parent.parentSpanId().equals(route.spanId()))
                            .as("%s is the route or under it", parent).isTrue();
                });
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which) {
        List<ReceivedSpan> found = spans.stream().filter(which).toList();
        assertThat(found).as("spans: %s", spans).hasSize(1);
        return found.get(0);
    }

    /** The trace as a tree, one span a line: service, kind, name, indented under its parent. */
    static String render(List<ReceivedSpan> spans) {
        StringBuilder out = new StringBuilder();
        List<ReceivedSpan> roots = new ArrayList<>(spans.stream()
                .filter(s -> spans.stream().noneMatch(p -> p.spanId().equals(s.parentSpanId()))).toList());
        roots.sort(Comparator.comparing(ReceivedSpan::name));
        for (ReceivedSpan root : roots) {
            render(spans, root, 0, out);
        }
        return out.toString();
    }

    private static void render(List<ReceivedSpan> spans, ReceivedSpan span, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(String.format("%-28s %-8s %s%n", span.service(), span.kind(), span.name()));
        spans.stream().filter(s -> s.parentSpanId().equals(span.spanId()))
                .sorted(Comparator.comparing(ReceivedSpan::service).thenComparing(ReceivedSpan::name))
                .forEach(child -> render(spans, child, depth + 1, out));
    }

    /** A random W3C trace id (32 hex digits, not all zero). */
    private static String newTraceId() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    /** The test's own caller span in trace {@code traceId}, flagged sampled (which the services do not obey). */
    private static String traceparent(String traceId) {
        return "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01";
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        do {
            ThreadLocalRandom.current().nextBytes(bytes);
        } while (allZero(bytes));
        return bytes;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
