package com.platformeconomy.platform.idempotency;

/**
 * One request made under an {@code Idempotency-Key}: the route's {@code scope}, the caller (the
 * token's subject) and the key name the record; {@code canonicalBody} and its SHA-256
 * {@code fingerprint} say what was asked. Built by {@link IdempotencyKeys#request}.
 */
public record IdempotentRequest(String scope, String caller, String key, String canonicalBody, String fingerprint) {
}
