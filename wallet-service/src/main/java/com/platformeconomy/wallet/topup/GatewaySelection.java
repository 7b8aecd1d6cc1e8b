package com.platformeconomy.wallet.topup;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the payment provider once, at start, and refuses to start when the choice is unsafe
 * (SPEC §10): the sandbox unless every active profile is dev or test, Stripe without its secret key or
 * its webhook signing secret, or Stripe with a key of the other mode than {@code wallet.topup.stripe.live}
 * (a test-mode key on a live service credits test cards' payments, for which no money moved). A service
 * that cannot verify payments must not take top-ups at all.
 */
// @Startup: checked when the service starts, not at the first top-up.
@Startup
@ApplicationScoped
public class GatewaySelection {

    static final List<String> SANDBOX_PROFILES = List.of("dev", "test");

    private final PaymentGateway gateway;

    public GatewaySelection(TopUpConfig config, Instance<StripeGateway> stripe, Instance<SandboxGateway> sandbox) {
        require(config.gateway(), ConfigUtils.getProfiles(), config.stripe().secretKey(), config.stripe().webhookSecret(),
                config.stripe().live());
        gateway = "sandbox".equals(config.gateway()) ? sandbox.get() : stripe.get();
    }

    /** Throws, with what to do about it, when {@code gateway} may not run under these profiles and settings. */
    static void require(String gateway, List<String> profiles, Optional<String> secretKey, Optional<String> webhookSecret,
                        boolean live) {
        switch (gateway) {
            case "stripe" -> {
                List<String> missing = new ArrayList<>();
                if (secretKey.filter(v -> !v.isBlank()).isEmpty()) {
                    missing.add("wallet.topup.stripe.secret-key (env WALLET_TOPUP_STRIPE_SECRET_KEY)");
                }
                if (webhookSecret.filter(v -> !v.isBlank()).isEmpty()) {
                    missing.add("wallet.topup.stripe.webhook-secret (env WALLET_TOPUP_STRIPE_WEBHOOK_SECRET)");
                }
                if (!missing.isEmpty()) {
                    throw new IllegalStateException("wallet-service will not start: top-ups are paid through Stripe and "
                            + String.join(" and ", missing) + (missing.size() > 1 ? " are" : " is") + " not set. In Kubernetes "
                            + "they come from the Secret pes-stripe (k8s/create-secrets.sh); see wallet-service/README.md, 'Stripe'.");
                }
                String key = secretKey.get();
                boolean liveKey = key.startsWith("sk_live_") || key.startsWith("rk_live_");
                boolean testKey = key.startsWith("sk_test_") || key.startsWith("rk_test_");
                if (live && !liveKey) {
                    throw new IllegalStateException("wallet-service will not start: wallet.topup.stripe.secret-key is "
                            + (testKey ? "a test-mode key" : "no live key (sk_live_… or rk_live_…)") + " while "
                            + "wallet.topup.stripe.live is true: test cards would be paid and credited with no money moved. "
                            + "Set WALLET_TOPUP_STRIPE_LIVE=false only where tokens are play money (pes-dev).");
                }
                if (!live && !testKey) {
                    throw new IllegalStateException("wallet-service will not start: wallet.topup.stripe.live is false but "
                            + "wallet.topup.stripe.secret-key is " + (liveKey ? "a live-mode key" : "no test key (sk_test_… or rk_test_…)")
                            + ": real payments would be taken and never credited. Use a test key, or "
                            + "WALLET_TOPUP_STRIPE_LIVE=true (the default) where tokens are real.");
                }
            }
            case "sandbox" -> {
                // Every active profile dev or test: a production start with dev added (QUARKUS_PROFILE=prod,dev,
                // or staging,dev) is still production.
                if (profiles.isEmpty() || !SANDBOX_PROFILES.containsAll(profiles)) {
                    throw new IllegalStateException("wallet-service will not start: wallet.topup.gateway=sandbox is allowed only "
                            + "in the dev and test profiles (active: " + profiles + "); production takes payments through Stripe.");
                }
            }
            default -> throw new IllegalStateException("wallet-service will not start: wallet.topup.gateway must be stripe "
                    + "or sandbox, not '" + gateway + "'.");
        }
    }

    @Produces
    @ApplicationScoped
    PaymentGateway gateway() {
        return gateway;
    }

    public boolean sandbox() {
        return gateway instanceof SandboxGateway;
    }
}
