package com.platformeconomy.platform.page;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The pages' secret, {@code pes.pages.csrf-key} (at least 32 characters; every replica of a service
 * needs the same one, Kubernetes gives it from the {@code pes-pages} Secret), and the keys made
 * from it, one per use, so that no value made for one use verifies for another: the CSRF tokens'
 * signing key ({@link CsrfTokens}) and the session cookie's sealing key ({@link PageSessions}).
 * Without it each process makes its own at start: fine for one process; a restart then asks for a
 * reload of the form and a new sign-in.
 */
@ApplicationScoped
public class PageKey {

    private static final Logger LOG = Logger.getLogger(PageKey.class);

    private final byte[] secret;

    public PageKey(@ConfigProperty(name = "pes.pages.csrf-key") Optional<String> configured) {
        if (configured.isPresent() && !configured.get().isBlank()) {
            if (configured.get().length() < 32) {
                throw new IllegalArgumentException("pes.pages.csrf-key must have at least 32 characters");
            }
            secret = configured.get().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            LOG.debug("pes.pages.csrf-key is not set: this process keys its pages with a secret of its own");
        }
    }

    /** The 32-byte key for {@code use}: HMAC-SHA256(secret, use). */
    byte[] derive(String use) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(("pes-pages-key:" + use).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
