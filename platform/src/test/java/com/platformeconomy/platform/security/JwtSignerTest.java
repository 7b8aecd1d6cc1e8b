package com.platformeconomy.platform.security;

import com.platformeconomy.contracts.identity.JwtSigner;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.contracts.identity.Services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class JwtSignerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static KeyPair pair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static JsonNode part(String token, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }

    @Test
    void aServiceTokenNamesBothServicesAndNothingElse() throws Exception {
        KeyPair pair = pair();
        Instant now = Instant.now();
        String token = JwtSigner.signService(pair.getPrivate(), Services.REVENUE, Services.WALLET, now, Duration.ofMinutes(5));
        JsonNode claims = part(token, 1);
        assertThat(claims.get("iss").asText()).isEqualTo("https://platform-economy.local/services/revenue-service");
        assertThat(claims.get("aud").asText()).isEqualTo("wallet-service");
        assertThat(claims.get("sub").asText()).isEqualTo("service:revenue-service");
        assertThat(claims.get("groups")).hasSize(1);
        assertThat(claims.get("groups").get(0).asText()).isEqualTo(Roles.REVENUE_SERVICE);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(300);
        JsonNode header = part(token, 0);
        assertThat(header.get("alg").asText()).isEqualTo("RS256");
        assertThat(header.get("kid").asText()).isEqualTo(JwtSigner.keyId(((RSAPublicKey) pair.getPublic()).getModulus()));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(pair.getPublic());
        String[] parts = token.split("\\.");
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(ServiceTokenVerification.unverifiedIssuer(token)).isEqualTo(Services.issuer(Services.REVENUE));
    }

    @Test
    void userTokensCarryTheUserIssuerAndAudience() throws Exception {
        String token = JwtSigner.sign(pair().getPrivate(), "user:alice", List.of("user"), Instant.now(), Duration.ofHours(1));
        JsonNode claims = part(token, 1);
        assertThat(claims.get("iss").asText()).isEqualTo(JwtSigner.ISSUER);
        assertThat(claims.get("aud").asText()).isEqualTo(JwtSigner.USER_AUDIENCE);
        assertThat(ServiceTokenVerification.isServiceIssuer(claims.get("iss").asText())).isFalse();
    }

    @Test
    void theJwksPublishesTheKeyUnderItsKid() throws Exception {
        RSAPublicKey key = (RSAPublicKey) pair().getPublic();
        JsonNode jwk = JSON.readTree(JwtSigner.jwks(key)).get("keys").get(0);
        assertThat(jwk.get("kty").asText()).isEqualTo("RSA");
        assertThat(jwk.get("alg").asText()).isEqualTo("RS256");
        assertThat(jwk.get("kid").asText()).isEqualTo(JwtSigner.keyId(key.getModulus()));
        assertThat(new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n").asText()))).isEqualTo(key.getModulus());
        assertThat(jwk.get("e").asText()).isEqualTo("AQAB");
    }

    @Test
    void servicesAndRolesAreNamed() {
        assertThat(Services.ofIssuer("https://platform-economy.local/services/wallet-service")).isEqualTo(Services.WALLET);
        assertThat(Services.ofIssuer("https://platform-economy.local/services/mallory")).isNull();
        assertThat(Services.ofIssuer("https://platform-economy.local")).isNull();
        assertThat(Roles.namesAService("service")).isTrue();
        assertThat(Roles.namesAService("service:x")).isTrue();
        assertThat(Roles.namesAService("admin")).isFalse();
        assertThatThrownBy(() -> ServiceTokenVerification.unverifiedIssuer("abc")).hasMessageContaining("not a signed JWT");
    }
}
