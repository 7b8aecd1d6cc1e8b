package com.platformeconomy.platform.page;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed double-submit CSRF tokens: {@code random.HMAC(key, random)}. The same value goes into the
 * {@code pes_csrf} cookie and into every form the page renders; a POST is taken only when the
 * form's value equals the cookie's and the signature verifies. Another site can neither read the
 * cookie (HttpOnly) nor plant one of its own that verifies (it has no key).
 * <p>
 * The signing key is made from the pages' secret ({@link PageKey}).
 */
@ApplicationScoped
public class CsrfTokens {

    private static final int RANDOM_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();
    private final byte[] key;

    public CsrfTokens(PageKey pageKey) {
        key = pageKey.derive("csrf");
    }

    /** A new token. */
    public String issue() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String nonce = B64.encodeToString(bytes);
        return nonce + "." + sign(nonce);
    }

    /** Whether {@code token} is one this service issued (its signature verifies). */
    public boolean valid(String token) {
        if (token == null || token.length() > 200) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return false;
        }
        return MessageDigest.isEqual(sign(token.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether a form's token matches the cookie's and the cookie's is one of ours. */
    public boolean matches(String cookie, String form) {
        return valid(cookie) && form != null
                && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), form.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String nonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(("pes-csrf:" + nonce).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
