package com.platformeconomy.wallet.topup;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import static io.restassured.RestAssured.given;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * api.stripe.com, stood in for by an in-process WireMock that answers with objects shaped as
 * Stripe's API reference documents them (PaymentIntent, Refund, Dispute, list, error), and webhooks
 * signed as Stripe signs them: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">}.
 */
public final class StripeStub implements QuarkusTestResourceLifecycleManager {

    static final String WEBHOOK_SECRET = "whsec_test_suite_0123456789";
    static final String SECRET_KEY = "sk_test_suite_0123456789";
    static WireMockServer server;

    /** The test profile: wallet-service with Stripe (pointed at WireMock) as its payment provider. */
    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("wallet.topup.gateway", "stripe",
                    "wallet.topup.stripe.secret-key", SECRET_KEY,
                    "wallet.topup.stripe.webhook-secret", WEBHOOK_SECRET,
                    "wallet.topup.stripe.max-network-retries", "0",
                    "wallet.topup.stripe.timeout", "PT5S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StripeStub.class));
        }
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        return Map.of("wallet.topup.stripe.api-base", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A PaymentIntent as Stripe's API returns it. */
    static String paymentIntent(String id, String topupId, String account, long amount, String currency, String status) {
        return paymentIntent(id, topupId, account, amount, currency, status, false);
    }

    /** As Stripe answers a PaymentIntent of its live mode ({@code livemode} true) or its test mode. */
    static String paymentIntent(String id, String topupId, String account, long amount, String currency, String status,
                                boolean livemode) {
        return """
                {"id":"%1$s","object":"payment_intent","amount":%4$d,"amount_capturable":0,"amount_received":%6$d,
                 "automatic_payment_methods":{"enabled":true},"capture_method":"automatic",
                 "client_secret":"%1$s_secret_Xyz","confirmation_method":"automatic","created":%7$d,"currency":"%5$s",
                 "description":"Top-up %2$s","latest_charge":%8$s,"livemode":%10$s,
                 "metadata":{"topup_id":"%2$s","account":"%3$s"},"payment_method_types":["card"],"status":"%9$s"}"""
                .formatted(id, topupId, account, amount, currency, "succeeded".equals(status) ? amount : 0,
                        Instant.now().getEpochSecond(), "succeeded".equals(status) ? "\"ch_" + id.substring(3) + "\"" : "null",
                        status, livemode);
    }

    static String refund(String id, String intent, long amount, String status) {
        return """
                {"id":"%s","object":"refund","amount":%d,"charge":"ch_%s","created":%d,"currency":"usd","metadata":{},
                 "payment_intent":"%s","reason":null,"status":"%s"}"""
                .formatted(id, amount, intent.substring(3), Instant.now().getEpochSecond(), intent, status);
    }

    static String error(String type, String code, String message) {
        return "{\"error\":{\"type\":\"" + type + "\",\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    /** POST /v1/payment_intents with this top-up id as Idempotency-Key answers this PaymentIntent. */
    static void onCreate(String topupId, int status, String body) {
        server.stubFor(post(urlPathEqualTo("/v1/payment_intents")).withHeader("Idempotency-Key", equalTo(topupId))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** GET /v1/payment_intents/{id} answers this. */
    static void onRetrieve(String intent, int status, String body) {
        server.stubFor(get(urlPathEqualTo("/v1/payment_intents/" + intent))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    static void onCancel(String intent, int status, String body) {
        server.stubFor(post(urlPathEqualTo("/v1/payment_intents/" + intent + "/cancel"))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** POST /v1/refunds for this top-up (its idempotency key) answers this. */
    static void onRefund(String topupId, int status, String body) {
        server.stubFor(post(urlPathEqualTo("/v1/refunds")).withHeader("Idempotency-Key", equalTo(StripeGateway.refundKey(topupId)))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    static void onRefundRetrieve(String refundId, int status, String body) {
        server.stubFor(get(urlPathEqualTo("/v1/refunds/" + refundId))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** A Dispute as Stripe's API returns it (a chargeback of the PaymentIntent's charge). */
    static String dispute(String id, String intent, long amount, String status) {
        return """
                {"id":"%1$s","object":"dispute","amount":%3$d,"balance_transactions":[],"charge":"ch_%2$s",
                 "created":%5$d,"currency":"usd","evidence":{},"is_charge_refundable":false,"livemode":false,
                 "metadata":{},"payment_intent":"%6$s","reason":"fraudulent","status":"%4$s"}"""
                .formatted(id, intent.substring(3), amount, status, Instant.now().getEpochSecond(), intent);
    }

    /** GET /v1/disputes/{id} answers this. */
    static void onDisputeRetrieve(String dispute, int status, String body) {
        server.stubFor(get(urlPathEqualTo("/v1/disputes/" + dispute))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** A new dispute id, as Stripe makes them. */
    static String newDispute() {
        return "dp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** Stripe has the dispute at {@code status} now, and the signed {@code type} event (which may say otherwise) is delivered. */
    static ValidatableResponse disputed(String type, String dp, String intent, long cents, String status, String eventStatus) {
        onDisputeRetrieve(dp, 200, dispute(dp, intent, cents, status));
        return deliver(event(type, dispute(dp, intent, cents, eventStatus)));
    }

    /** A Charge as Stripe's API returns it: the PaymentIntent's charge, {@code refunded} of its {@code amount} refunded. */
    static String charge(String intent, long amount, long refunded) {
        return """
                {"id":"ch_%1$s","object":"charge","amount":%2$d,"amount_captured":%2$d,"amount_refunded":%3$d,
                 "captured":true,"created":%4$d,"currency":"usd","disputed":false,"livemode":false,"metadata":{},
                 "paid":true,"payment_intent":"%5$s","refunded":%6$s,"status":"succeeded"}"""
                .formatted(intent.substring(3), amount, refunded, Instant.now().getEpochSecond(), intent, refunded == amount);
    }

    /** GET /v1/refunds?charge=… (the charge's refunds, newest first, as Stripe lists them) answers these. */
    static void onRefundList(String chargeId, String... refunds) {
        server.stubFor(get(urlPathEqualTo("/v1/refunds")).withQueryParam("charge", equalTo(chargeId))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"object\":\"list\",\"data\":[" + String.join(",", refunds)
                                + "],\"has_more\":false,\"url\":\"/v1/refunds\"}")));
    }

    /** GET /v1/refunds?created[gte]=… (every refund made since then, as Stripe lists them) answers these. */
    static void onRefundsSince(String... refunds) {
        server.stubFor(get(urlPathEqualTo("/v1/refunds")).withQueryParam("created[gte]", com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9]+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"object\":\"list\",\"data\":[" + String.join(",", refunds)
                                + "],\"has_more\":false,\"url\":\"/v1/refunds\"}")));
    }

    /** GET /v1/disputes?created[gte]=… (every dispute opened since then, newest first, as Stripe lists them) answers these. */
    static void onDisputesSince(String... disputes) {
        onDisputesSince(Math.max(1, disputes.length), disputes);
    }

    /**
     * GET /v1/disputes?created[gte]=… answers these {@code perPage} a page, as Stripe pages a list: the
     * first page is the one asked without {@code starting_after}, each next one is asked with
     * {@code starting_after} the last id of the page before, and {@code has_more} says whether one
     * follows. stripe-java's auto-paging asks exactly that, so a pass that stopped at the first page
     * would miss what the later ones hold.
     */
    static void onDisputesSince(int perPage, String... disputes) {
        String after = null;
        for (int from = 0; from == 0 || from < disputes.length; from += perPage) {
            List<String> page = List.of(disputes).subList(from, Math.min(disputes.length, from + perPage));
            boolean more = from + perPage < disputes.length;
            server.stubFor(get(urlPathEqualTo("/v1/disputes"))
                    .withQueryParam("created[gte]", com.github.tomakehurst.wiremock.client.WireMock.matching("[0-9]+"))
                    .withQueryParam("starting_after", after == null ? absent() : equalTo(after))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"object\":\"list\",\"data\":[" + String.join(",", page)
                                    + "],\"has_more\":" + more + ",\"url\":\"/v1/disputes\"}")));
            if (!page.isEmpty()) {
                after = idOf(page.get(page.size() - 1));
            }
        }
    }

    /** The {@code created[gte]} (unix seconds) of every GET /v1/disputes asked so far. */
    static List<Long> disputeListingsSince() {
        return server.findAll(getRequestedFor(urlPathEqualTo("/v1/disputes"))).stream()
                .map(request -> request.queryParameter("created[gte]"))
                .filter(gte -> gte.isPresent())
                .map(gte -> Long.parseLong(gte.firstValue()))
                .toList();
    }

    /** The id of an object as this stub writes it (its first field). */
    private static String idOf(String json) {
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(json);
        if (!id.find()) {
            throw new IllegalArgumentException("no id in " + json);
        }
        return id.group(1);
    }

    /** An event as Stripe delivers it to a webhook endpoint, with the PaymentIntent as data.object. */
    static String event(String type, String paymentIntentJson) {
        return """
                {"id":"evt_%s","object":"event","api_version":"2025-08-27.basil","created":%d,
                 "data":{"object":%s},"livemode":false,"pending_webhooks":1,
                 "request":{"id":null,"idempotency_key":null},"type":"%s"}"""
                .formatted(Long.toHexString(System.nanoTime()), Instant.now().getEpochSecond(), paymentIntentJson, type);
    }

    /** Delivers a Stripe event to the wallet's webhook endpoint, signed now with the endpoint's secret. */
    static ValidatableResponse deliver(String payload) {
        return given().header("Stripe-Signature", signature(payload, Instant.now().getEpochSecond(), WEBHOOK_SECRET))
                .contentType("application/json").body(payload).when().post("/v1/webhooks/stripe").then();
    }

    /** A top-up of {@code tokens} for {@code user}, paid at Stripe and credited; its id and its PaymentIntent's. */
    static String[] paidTopUp(String user, long tokens) {
        String id = TopUpFixture.newTopUp();
        String intent = "pi_" + id.substring(3).replace("-", "");
        onCreate(id, 200, paymentIntent(intent, id, user, tokens / 10, "usd", "requires_payment_method"));
        TopUpFixture.askAsOwner(id, user, tokens).statusCode(201);
        String succeeded = paymentIntent(intent, id, user, tokens / 10, "usd", "succeeded");
        onRetrieve(intent, 200, succeeded);
        deliver(event("payment_intent.succeeded", succeeded)).statusCode(200).body("outcome", org.hamcrest.Matchers.equalTo("applied"));
        org.assertj.core.api.Assertions.assertThat(com.platformeconomy.wallet.WalletApi.balance(user)).isEqualTo(tokens);
        return new String[] {id, intent};
    }

    /** The Stripe-Signature header for {@code payload} signed at {@code timestamp} with {@code secret}. */
    static String signature(String payload, long timestamp, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String v1 = HexFormat.of().formatHex(mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
            return "t=" + timestamp + ",v1=" + v1;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
