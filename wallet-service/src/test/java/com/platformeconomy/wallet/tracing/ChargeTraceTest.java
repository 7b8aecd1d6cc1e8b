package com.platformeconomy.wallet.tracing;

import static com.platformeconomy.wallet.WalletApi.charge;
import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.platformeconomy.contracts.event.AppCatalogEntry;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.wallet.catalog.AppCatalog;
import com.platformeconomy.wallet.relay.BillingFixture;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One charge's trace, followed from the route to the ledger (issue 21): POST /v1/charges, its Redis
 * script, the relay's publish to billing.events and the ledger's booking share one trace id, each a
 * child of the one before.
 */
@QuarkusTest
@TestProfile(ChargeTraceTest.EverythingSampled.class)
@QuarkusTestResource(LocalStackResource.class)
class ChargeTraceTest {

    /**
     * Every root sampled (the default profile samples none), and the ledger fetching each event as it
     * comes: a batch's SQL is under its first traced event's span only (EventConsumer), and with every
     * root sampled the setup's credit, booked up to 500 ms later at the suite's 64 KiB minimum, would
     * share the charge's batch and may come first.
     */
    public static class EverythingSampled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.traces.sampler.arg", "1.0", "pes.kafka.bulk.fetch-min-bytes", "1");
        }
    }

    @Inject
    InMemorySpanExporter spans;
    @Inject
    AppCatalog catalog;
    @Inject
    BillingFixture billing;

    @Test
    void aChargesTraceReachesTheLedgerBooking() {
        // The trace below is followed with Mutiny's callback decorators cleared (platform's
        // MutinyContextPropagation): the OpenTelemetry context rides on the Vert.x context alone.
        java.util.function.Function<String, String> callback = String::trim;
        assertThat(io.smallrye.mutiny.infrastructure.Infrastructure.decorate(callback)).isSameAs(callback);
        String user = newUser();
        credit(user, 100).statusCode(201);
        String appId = "app-" + UUID.randomUUID().toString().substring(0, 8);
        catalog.put(new AppCatalogEntry(appId, "dev:" + appId, "active", "paid", 5, 2, 70, 1)).await().indefinitely();
        spans.reset();

        String eventId = newEventId();
        charge(eventId, user, appId, "action", false).statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(billing.ledgerRowCount(Set.of(eventId))).isEqualTo(2));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData route = only(finished, s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/v1/charges"));
            SpanData publish = only(finished, s -> s.getName().equals("billing.events publish")
                    && eventId.equals(s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("cloudevents.event_id"))));
            List<SpanData> bookings = finished.stream()
                    .filter(s -> s.getName().startsWith("apply ") && s.getTraceId().equals(route.getTraceId())).toList();

            assertThat(publish.getTraceId()).isEqualTo(route.getTraceId());
            assertThat(bookings).hasSize(1);
            SpanData booking = bookings.get(0);
            assertThat(booking.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(booking.getParentSpanId()).isEqualTo(publish.getSpanId());
            // The booking's SQL (the ledger's INSERT) is under the booking's span.
            assertThat(finished).anySatisfy(s -> {
                assertThat(s.getName()).startsWith("INSERT");
                assertThat(s.getParentSpanId()).isEqualTo(booking.getSpanId());
            });
            // The relay's span is the charge's: the route's span or a span under it (the script's Redis call).
            assertThat(finished.stream().filter(s -> s.getSpanId().equals(publish.getParentSpanId()))
                    .map(SpanData::getTraceId)).containsExactly(route.getTraceId());
            // Background work (relay polls, pollers' SQL, scheduled jobs) starts no trace of its own: only requests do.
            assertThat(finished.stream().filter(s -> !s.getParentSpanContext().isValid()))
                    .allSatisfy(root -> assertThat(root.getKind()).as(root.getName()).isEqualTo(SpanKind.SERVER));
            System.out.println("trace " + route.getTraceId() + ": " + finished.stream()
                    .filter(s -> s.getTraceId().equals(route.getTraceId()))
                    .map(s -> s.getKind() + " " + s.getName() + " (" + s.getSpanId() + " <- " + s.getParentSpanId() + ")")
                    .collect(Collectors.joining("; ")));
        });
        // With traces sampled, Prometheus' histograms carry a sampled trace's id beside their counts (platform's Exemplars).
        assertThat(io.restassured.RestAssured.given().get("/q/metrics")
                .then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("http_server_requests_seconds_bucket") && l.contains("/v1/charges")))
                .anySatisfy(l -> assertThat(l).containsPattern("# \\{.*trace_id=\"[0-9a-f]{32}\""));
    }

    @Test
    void aCreditsTraceReachesItsPublishThroughTheTransferScript() {
        String user = newUser();
        spans.reset();

        String eventId = newEventId();
        credit(user, eventId, 25).statusCode(201);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData route = only(finished, s -> s.getKind() == SpanKind.SERVER && s.getName().contains("credit"));
            SpanData publish = only(finished, s -> s.getName().equals("billing.events publish")
                    && eventId.equals(s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("cloudevents.event_id"))));
            // transfer.lua stored the route's traceparent with its stream entry, as charge.lua does.
            assertThat(publish.getTraceId()).isEqualTo(route.getTraceId());
        });
    }

    private static SpanData only(List<SpanData> spans, java.util.function.Predicate<SpanData> which) {
        List<SpanData> found = spans.stream().filter(which).toList();
        assertThat(found).as("spans: %s", spans.stream().map(SpanData::getName).toList()).hasSize(1);
        return found.get(0);
    }
}
