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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Stripe's webhook endpoint. Stripe presents no bearer token: its authority is the
 * {@code Stripe-Signature} header, an HMAC-SHA256 of the timestamp and the raw body under the
 * endpoint's signing secret, checked by stripe-java with a timestamp tolerance so an old delivery
 * cannot be replayed. Even then only the PaymentIntent's id is taken from the event: the saga
 * reads the payment back from Stripe before anything moves.
 */
@Path("/v1/webhooks/stripe")
@PermitAll
@Tag(name = "payments")
public class StripeWebhookResource {

    private static final Logger LOG = Logger.getLogger(StripeWebhookResource.class);
    private static final Set<String> PAYMENT_EVENTS = Set.of(
            "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.canceled");
    /** A refund made or changed (data.object is the refund); {@code charge.refunded} names the charge instead. */
    private static final Set<String> REFUND_EVENTS = Set.of("refund.created", "refund.updated", "refund.failed",
            "charge.refund.updated");
    private static final String CHARGE_REFUNDED = "charge.refunded";
    /** A dispute (chargeback) opened, changed or closed; the funds' own events say the same again. */
    private static final Set<String> DISPUTE_EVENTS = Set.of("charge.dispute.created", "charge.dispute.updated",
            "charge.dispute.closed", "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated");

    private final TopUpSaga saga;
    private final Chargebacks chargebacks;
    private final Refunds refunds;
    private final TopUpConfig config;
    private final GatewaySelection selection;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public StripeWebhookResource(TopUpSaga saga, Chargebacks chargebacks, Refunds refunds, TopUpConfig config,
                                 GatewaySelection selection, ObjectMapper json, MeterRegistry metrics) {
        this.saga = saga;
        this.chargebacks = chargebacks;
        this.refunds = refunds;
        this.config = config;
        this.selection = selection;
        this.json = json;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "receiveStripeWebhook", summary = "Receive a Stripe webhook event",
            description = "Stripe's webhook endpoint: no bearer token, its authority is the `Stripe-Signature` header, an "
                    + "HMAC-SHA256 of the timestamp and the raw body under the endpoint's signing secret, checked with a "
                    + "timestamp tolerance (5 minutes) so an old delivery cannot be replayed. Only the PaymentIntent's id is "
                    + "taken from a `payment_intent.succeeded`, `.payment_failed` or `.canceled` event: the payment is read "
                    + "back from Stripe and its amount, currency, status and top-up id compared before the top-up moves on "
                    + "(a verified payment of 945 cents credits its top-up's 9450 tokens). Of a `charge.dispute.*` event "
                    + "(a chargeback) only the dispute's id is taken: the dispute is read back from Stripe; while the bank "
                    + "holds the money the top-up's tokens go back to the treasury (below zero if spent: a debt), and a won "
                    + "dispute gives them back; part of a payment disputed, that share of its tokens. Of a `refund.*` event "
                    + "only the refund's id is taken, of `charge.refunded` only the charge's (its refunds are listed at "
                    + "Stripe): a refund made outside the top-up's own compensation (the Dashboard, the API, a card network "
                    + "preventing a dispute) that Stripe says succeeded takes back the tokens its money bought, once per "
                    + "refund (below zero if spent), and gives them back if the refund fails afterwards; refunds and a "
                    + "chargeback never take more than the payment bought. "
                    + "`outcome` says what it did: "
                    + "applied, replay (already taken into account), failed, unknown, mismatch, ignored, or not_handled "
                    + "(another event type). Redelivering an event moves nothing twice. Where payments go through the "
                    + "sandbox it is 404 `no_stripe`; a 5xx makes Stripe deliver the event again.",
            extensions = @Extension(name = "x-problem-codes", value = "no_stripe missing_signature bad_signature bad_event"))
    @APIResponse(responseCode = "200", description = "The event was verified; `outcome` says what it did.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.OBJECT, additionalProperties = String.class,
                            description = "`outcome`: applied, replay, failed, unknown, mismatch, ignored or not_handled."),
                    examples = @ExampleObject(name = "applied", value = "{\"outcome\":\"applied\"}")))
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, description = "A Stripe event, exactly as Stripe signed it."),
            examples = @ExampleObject(name = "payment-succeeded", value = "{\"id\":\"evt_1PqXyZ\",\"object\":\"event\","
                    + "\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_3PqXyZ\","
                    + "\"object\":\"payment_intent\",\"amount\":945,\"currency\":\"usd\",\"status\":\"succeeded\","
                    + "\"metadata\":{\"topup_id\":\"topup-7f3a\"}}}}")))
    public Uni<Map<String, String>> receive(String payload,
            @Parameter(description = "Stripe's signature of the body: `t=<timestamp>,v1=<HMAC-SHA256>`.")
            @HeaderParam("Stripe-Signature") String signature) {
        // Stripe itself away (read-back failed): 503, the event is delivered again; a 500 would say "our bug".
        return verified(payload, signature).onFailure(StripeGateway.GatewayUnavailable.class).transform(e -> new ApiException(
                ErrorCode.SERVICE_UNAVAILABLE, "Stripe could not be asked about this event now; it is taken into account when "
                        + "Stripe delivers it again."));
    }

    private Uni<Map<String, String>> verified(String payload, String signature) {
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
        if (DISPUTE_EVENTS.contains(type) && "dispute".equals(object.path("object").asText())
                && !object.path("id").asText().isEmpty()) {
            String dispute = object.path("id").asText();
            return chargebacks.onDispute(dispute).map(outcome -> answered(type, event, dispute, outcome));
        }
        if (REFUND_EVENTS.contains(type) && "refund".equals(object.path("object").asText()) && !object.path("id").asText().isEmpty()) {
            String refund = object.path("id").asText();
            return refunds.onRefund(refund).map(outcome -> answered(type, event, refund, outcome));
        }
        if (CHARGE_REFUNDED.equals(type) && "charge".equals(object.path("object").asText()) && !object.path("id").asText().isEmpty()) {
            String charge = object.path("id").asText();
            return refunds.onChargeRefunded(charge).map(outcome -> answered(type, event, charge, outcome));
        }
        if (!PAYMENT_EVENTS.contains(type) || !"payment_intent".equals(object.path("object").asText())
                || object.path("id").asText().isEmpty()) {
            metrics.counter("wallet.topup.webhooks", "outcome", "not_handled").increment();
            return Uni.createFrom().item(Map.of("outcome", "not_handled"));
        }
        String intent = object.path("id").asText();
        return saga.onPaymentNotice(intent, "payment_intent.payment_failed".equals(type))
                .map(outcome -> answered(type, event, intent, outcome));
        // Any other failure (Stripe or the database unreachable) answers 5xx, and Stripe delivers the event again.
    }

    /** What a verified event did, logged, counted and answered. */
    private Map<String, String> answered(String type, JsonNode event, String object, TopUpSaga.Outcome outcome) {
        LOG.infof("Stripe %s %s for %s: %s", type, event.path("id").asText(), object, outcome);
        metrics.counter("wallet.topup.webhooks", "outcome", outcome.name()).increment();
        return Map.of("outcome", outcome.name());
    }

    private ApiException rejected(ErrorCode code, String detail) {
        metrics.counter("wallet.topup.webhooks", "outcome", code.code()).increment();
        return new ApiException(code, detail);
    }
}
