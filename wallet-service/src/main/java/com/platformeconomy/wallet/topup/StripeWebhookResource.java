package com.platformeconomy.wallet.topup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Stripe's webhook endpoint. Stripe presents no bearer token: its authority is the
 * {@code Stripe-Signature} header, an HMAC-SHA256 of the timestamp and the raw body under the
 * endpoint's signing secret, checked by stripe-java with a timestamp tolerance so an old delivery
 * cannot be replayed. Even then only the PaymentIntent's id is taken from the event: the saga
 * reads the payment back from Stripe before anything moves.
 */
@Path("/v1/webhooks/stripe")
@PermitAll
public class StripeWebhookResource {

    private static final Logger LOG = Logger.getLogger(StripeWebhookResource.class);
    private static final Set<String> PAYMENT_EVENTS = Set.of(
            "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled");

    private final TopUpSaga saga;
    private final TopUpConfig config;
    private final GatewaySelection selection;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public StripeWebhookResource(TopUpSaga saga, TopUpConfig config, GatewaySelection selection, ObjectMapper json,
                                 MeterRegistry metrics) {
        this.saga = saga;
        this.config = config;
        this.selection = selection;
        this.json = json;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Map<String, String>> receive(String payload, @HeaderParam("Stripe-Signature") String signature) {
        if (selection.sandbox()) {
            throw new ApiException(ErrorCode.NO_STRIPE, "This deployment does not take payments through Stripe.");
        }
        if (signature == null || signature.isBlank() || payload == null) {
            throw rejected(ErrorCode.MISSING_SIGNATURE, "The Stripe-Signature header is missing.");
        }
        try {
            Webhook.constructEvent(payload, signature, config.stripe().webhookSecret().orElseThrow(),
                    config.stripe().webhookTolerance().toSeconds());
        } catch (SignatureVerificationException e) {
            throw rejected(ErrorCode.BAD_SIGNATURE, "The Stripe-Signature does not verify: " + e.getMessage());
        } catch (RuntimeException e) {
            throw rejected(ErrorCode.BAD_EVENT, "The body is not a Stripe event.");
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (Exception e) {
            throw rejected(ErrorCode.BAD_EVENT, "The body is not a Stripe event.");
        }
        String type = event.path("type").asText();
        JsonNode object = event.path("data").path("object");
        if (!PAYMENT_EVENTS.contains(type) || !"payment_intent".equals(object.path("object").asText())
                || object.path("id").asText().isEmpty()) {
            metrics.counter("wallet.topup.webhooks", "outcome", "not_handled").increment();
            return Uni.createFrom().item(Map.of("outcome", "not_handled"));
        }
        String intent = object.path("id").asText();
        return saga.onPaymentNotice(intent, "payment_intent.payment_failed".equals(type))
                .map(outcome -> {
                    LOG.infof("Stripe %s %s for %s: %s", type, event.path("id").asText(), intent, outcome);
                    metrics.counter("wallet.topup.webhooks", "outcome", outcome.name()).increment();
                    return Map.of("outcome", outcome.name());
                });
        // Any other failure (Stripe or the database unreachable) answers 5xx, and Stripe delivers the event again.
    }

    private ApiException rejected(ErrorCode code, String detail) {
        metrics.counter("wallet.topup.webhooks", "outcome", code.code()).increment();
        return new ApiException(code, detail);
    }
}
