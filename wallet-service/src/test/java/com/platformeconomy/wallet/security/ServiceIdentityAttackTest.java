package com.platformeconomy.wallet.security;

import static com.platformeconomy.wallet.WalletApi.credit;
import static com.platformeconomy.wallet.WalletApi.newEventId;
import static com.platformeconomy.wallet.WalletApi.newUser;
import static io.restassured.RestAssured.given;

import com.platformeconomy.contracts.identity.JwtSigner;
import com.platformeconomy.contracts.identity.Services;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * SPEC §10, issue 17: services are told apart. Each case is an attack on wallet-service with the
 * keys of the real local stack: a service calling a route that names another service, a token for
 * another audience, the end-user key making a service, too long or expired tokens, unsigned or
 * HMAC-forged tokens. None moves money.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class ServiceIdentityAttackTest {

    private static final String EARNINGS = Services.DEVELOPER_EARNINGS;
    private static final String REVENUE = Services.REVENUE;
    private static final String WALLET = Services.WALLET;

    private static ValidatableResponse debit(String token, String account, long amount) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + newEventId() + "\",\"amount\":" + amount
                        + ",\"category\":\"tier_fee\",\"reason\":\"attack test\"}")
                .when().post("/v1/wallets/" + account + "/debits").then();
    }

    private static ValidatableResponse stats(String token) {
        return given().auth().oauth2(token).when().get("/v1/holds/stats").then();
    }

    private static String funded() {
        String account = newUser();
        credit(account, 1_000).statusCode(201);
        return account;
    }

    private static String serviceToken(PrivateKey key, String issuerService, String audience, String role,
                                       Instant issuedAt, Duration ttl) {
        return JwtSigner.sign(key, Services.issuer(issuerService), audience, role, List.of(role), issuedAt, ttl);
    }

    @Test
    void aServiceMayCallOnlyTheRoutesThatNameIt() {
        String account = funded();
        String developer = "dev:" + account.substring("user:".length());
        credit(developer, 1_000).statusCode(201);
        // developer-earnings-service debits a developer's tier fee (a tier purchase); revenue-service may not.
        debit(TestTokens.service(EARNINGS, WALLET), developer, 10).statusCode(201);
        debit(TestTokens.service(REVENUE, WALLET), developer, 10).statusCode(403);
        debit(TestTokens.service(Services.SETTLEMENT, WALLET), account, 10).statusCode(403);
        // revenue-service reads hold statistics for its dashboard; developer-earnings-service may not.
        stats(TestTokens.service(REVENUE, WALLET)).statusCode(200);
        stats(TestTokens.service(EARNINGS, WALLET)).statusCode(403);
        // No service credits a wallet over HTTP.
        given().auth().oauth2(TestTokens.service(EARNINGS, WALLET)).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + newEventId() + "\",\"amount\":5,\"reason\":\"attack\"}")
                .when().post("/v1/wallets/" + account + "/credits").then().statusCode(403);
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().get("/v1/wallets/" + account)
                .then().statusCode(200).body("balance", org.hamcrest.Matchers.equalTo(1_000));
    }

    /**
     * SPEC §10: developer-earnings-service's credential debits only what a tier purchase debits, a
     * developer's tier fee. Before, it debited any wallet: a user's, or a system account (which may
     * go below zero), whose api_usage debit revenue-service counts as revenue and pays out 90/9/1 —
     * tokens made from nothing by whoever held that one credential.
     */
    @Test
    void theEarningsServiceDebitsOnlyADevelopersTierFee() {
        String user = funded();
        String developer = "dev:" + user.substring("user:".length());
        credit(developer, 1_000).statusCode(201);
        String earnings = TestTokens.service(EARNINGS, WALLET);
        for (String account : List.of(user, "platform:treasury", "platform:revenue", "escrow")) {
            debit(earnings, account, 10).statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2(earnings).contentType(ContentType.JSON)
                .body("{\"event_id\":\"" + newEventId() + "\",\"amount\":10,\"category\":\"api_usage\",\"reason\":\"attack\"}")
                .when().post("/v1/wallets/" + developer + "/debits").then().statusCode(403);
        debit(earnings, developer, 10).statusCode(201);
        for (String account : List.of(user, developer)) {
            given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().get("/v1/wallets/" + account)
                    .then().statusCode(200).body("balance", org.hamcrest.Matchers.equalTo(account.equals(user) ? 1_000 : 990));
        }
        // The owner and an admin still debit as before.
        debit(TestTokens.mint(user, "user"), user, 10).statusCode(201);
        debit(TestTokens.mint("admin:ops", "admin"), user, 10).statusCode(201);
    }

    /**
     * A system account may go below zero, so a debit of one is revenue from nothing: an admin's
     * {@code api_usage} debit of the treasury would be paid out 90/9/1 (revenue-service counts every
     * api_usage debit), some of it to an account the admin owns. No caller, an admin included, moves a
     * system account over the wallet routes; only the suite's own movements (charges, top-ups,
     * awards, distributions) do.
     */
    @Test
    void noCallerAnAdminIncludedMovesASystemAccountOverTheWalletRoutes() {
        String admin = TestTokens.mint("admin:ops", "admin");
        for (String account : List.of("platform:treasury", "platform:revenue", "escrow")) {
            long before = balanceOf(admin, account);
            debit(admin, account, 10).statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body("{\"event_id\":\"" + newEventId() + "\",\"amount\":10,\"category\":\"api_usage\",\"reason\":\"attack\"}")
                    .when().post("/v1/wallets/" + account + "/debits").then().statusCode(403);
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body("{\"event_id\":\"" + newEventId() + "\",\"amount\":10,\"reason\":\"attack\"}")
                    .when().post("/v1/wallets/" + account + "/credits").then().statusCode(403)
                    .contentType("application/problem+json");
            org.assertj.core.api.Assertions.assertThat(balanceOf(admin, account)).as(account).isEqualTo(before);
        }
    }

    /**
     * A hold is a movement too: an admin's hold on a system account, captured for an account of its
     * choosing, would pay out the platform's tokens (or what passes through escrow); a hold paying
     * escrow would strand a user's tokens where only the suite's own captures pass.
     */
    @Test
    void noHoldIsMadeOnASystemAccountNorPaysEscrow() {
        String admin = TestTokens.mint("admin:ops", "admin");
        for (String account : List.of("platform:treasury", "platform:revenue", "escrow")) {
            long before = balanceOf(admin, account);
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body("{\"hold_id\":\"h-" + java.util.UUID.randomUUID() + "\",\"amount\":10,\"purpose\":\"attack\","
                            + "\"ttl_seconds\":600,\"payee\":\"user:someone\"}")
                    .when().post("/v1/wallets/" + account + "/holds").then().statusCode(403).contentType("application/problem+json");
            org.assertj.core.api.Assertions.assertThat(balanceOf(admin, account)).as(account).isEqualTo(before);
        }
        String user = funded();
        given().auth().oauth2(TestTokens.mint(user, "user")).contentType(ContentType.JSON)
                .body("{\"hold_id\":\"h-" + java.util.UUID.randomUUID() + "\",\"amount\":10,\"purpose\":\"attack\","
                        + "\"ttl_seconds\":600,\"payee\":\"escrow\"}")
                .when().post("/v1/wallets/" + user + "/holds").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(admin).when().get("/v1/wallets/" + user).then().statusCode(200).body("held", org.hamcrest.Matchers.equalTo(0));
    }

    /**
     * A top-up is a movement too: the treasury credits the account once the payment is made. An
     * admin's top-up for a system account would, once paid, put tokens in escrow that no hold's legs
     * account for (reconciliation pairs only hold ids there), or move the treasury's own tokens to
     * itself for a real payment: refused before any payment is asked for.
     */
    @Test
    void noTopUpIsStartedForASystemAccount() {
        String admin = TestTokens.mint("admin:ops", "admin");
        for (String account : List.of("platform:treasury", "platform:revenue", "escrow")) {
            String topupId = "tu-" + java.util.UUID.randomUUID();
            given().auth().oauth2(admin).contentType(ContentType.JSON)
                    .body("{\"topup_id\":\"" + topupId + "\",\"account\":\"" + account + "\",\"amount_tokens\":1000}")
                    .when().post("/v1/topups").then().statusCode(403).contentType("application/problem+json")
                    .body("code", org.hamcrest.Matchers.equalTo("forbidden"));
            given().auth().oauth2(admin).when().get("/v1/topups/" + topupId).then().statusCode(404);
        }
    }

    private static long balanceOf(String token, String account) {
        return given().auth().oauth2(token).when().get("/v1/wallets/" + account).then().statusCode(200)
                .extract().jsonPath().getLong("balance");
    }

    @Test
    void aServiceTokenForAnotherAudienceIsRefused() {
        String account = funded();
        debit(TestTokens.service(EARNINGS, Services.SETTLEMENT), account, 10).statusCode(401);
        stats(TestTokens.service(REVENUE, Services.SETTLEMENT)).statusCode(401);
        debit(serviceToken(TestTokens.serviceKey(EARNINGS), EARNINGS, "platform-economy-suite",
                "service:" + EARNINGS, Instant.now(), Duration.ofMinutes(5)), account, 10).statusCode(401);
    }

    @Test
    void onlyAServicesOwnKeyMakesThatService() {
        String account = funded();
        String earnings = "service:" + EARNINGS;
        // revenue-service's key claiming to be developer-earnings-service.
        debit(serviceToken(TestTokens.serviceKey(REVENUE), EARNINGS, WALLET, earnings, Instant.now(), Duration.ofMinutes(5)),
                account, 10).statusCode(401);
        // The end-user issuer's key claiming a service issuer.
        debit(serviceToken(TestTokens.userKey(), EARNINGS, WALLET, earnings, Instant.now(), Duration.ofMinutes(5)),
                account, 10).statusCode(401);
        // End-user tokens claiming a service role, old or new.
        debit(TestTokens.mint("service:tests", "service"), account, 10).statusCode(401);
        debit(TestTokens.mint(earnings, earnings), account, 10).statusCode(401);
        debit(TestTokens.mint("user:mallory", "user", earnings), account, 10).statusCode(401);
        stats(TestTokens.mint("user:mallory", "user", "service:" + REVENUE)).statusCode(401);
        // A service token carrying a second role.
        debit(JwtSigner.sign(TestTokens.serviceKey(EARNINGS), Services.issuer(EARNINGS), WALLET, earnings,
                List.of(earnings, "admin"), Instant.now(), Duration.ofMinutes(5)), account, 10).statusCode(401);
        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().get("/v1/wallets/" + account)
                .then().statusCode(200).body("balance", org.hamcrest.Matchers.equalTo(1000));
    }

    @Test
    void tokensLivingTooLongOrExpiredAreRefused() {
        String account = funded();
        String earnings = "service:" + EARNINGS;
        PrivateKey key = TestTokens.serviceKey(EARNINGS);
        debit(serviceToken(key, EARNINGS, WALLET, earnings, Instant.now(), Duration.ofHours(1)), account, 10).statusCode(401);
        debit(serviceToken(key, EARNINGS, WALLET, earnings, Instant.now().minus(Duration.ofMinutes(10)), Duration.ofMinutes(5)),
                account, 10).statusCode(401);
        // End users: at most an hour between iat and exp.
        String user = newUser();
        credit(user, 100).statusCode(201);
        stats(JwtSigner.sign(TestTokens.userKey(), user, List.of("user"), Instant.now(), Duration.ofHours(2))).statusCode(401);
        stats(JwtSigner.sign(TestTokens.userKey(), user, List.of("user"), Instant.now(), Duration.ofMinutes(59))).statusCode(200);
        // An end-user token for another audience.
        stats(JwtSigner.sign(TestTokens.userKey(), JwtSigner.ISSUER, WALLET + "-elsewhere", user, List.of("user"),
                Instant.now(), Duration.ofMinutes(30))).statusCode(401);
    }

    @Test
    void unsignedAndHmacForgedTokensAreRefused() throws Exception {
        long now = Instant.now().getEpochSecond();
        String adminClaims = "{\"iss\":\"" + JwtSigner.ISSUER + "\",\"aud\":\"platform-economy-suite\",\"sub\":\"admin:x\","
                + "\"upn\":\"admin:x\",\"groups\":[\"admin\"],\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
        String serviceClaims = "{\"iss\":\"" + Services.issuer(EARNINGS) + "\",\"aud\":\"" + WALLET + "\",\"sub\":\"service:"
                + EARNINGS + "\",\"groups\":[\"service:" + EARNINGS + "\"],\"iat\":" + now + ",\"exp\":" + (now + 300) + "}";
        for (String claims : List.of(adminClaims, serviceClaims)) {
            stats(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims) + ".").statusCode(401);
            // HS256 with the public keys as the secret: what a verifier that trusts the header's alg would accept.
            Path userPem = Path.of(URI.create(config("pes.jwt.public-key-location")));
            Path servicePem = Path.of(config("pes.jwt.service-public-keys-dir"), EARNINGS + ".pem");
            for (byte[] secret : List.of(Files.readAllBytes(userPem), Files.readAllBytes(servicePem))) {
                stats(hs256(secret, claims)).statusCode(401);
            }
        }
    }

    /**
     * Ownership compares the principal name, which Quarkus takes from {@code upn}, then
     * {@code preferred_username}, then {@code sub}: a validly signed token whose upn names a victim
     * must not act for the victim (found by an attacker's review of this issue).
     */
    @Test
    void aTokenActsForItsSubjectAndNoOneElse() {
        String victim = funded();
        long now = Instant.now().getEpochSecond();
        PrivateKey earningsKey = TestTokens.serviceKey(EARNINGS);
        String kid = JwtSigner.keyId(((java.security.interfaces.RSAPrivateCrtKey) earningsKey).getModulus());
        String serviceAsVictim = JwtSigner.signRaw(earningsKey, "SHA256withRSA",
                "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}",
                "{\"iss\":\"" + Services.issuer(EARNINGS) + "\",\"aud\":\"" + WALLET + "\",\"sub\":\"service:" + EARNINGS
                        + "\",\"upn\":\"" + victim + "\",\"groups\":[\"service:" + EARNINGS + "\"],\"iat\":" + now
                        + ",\"exp\":" + (now + 300) + "}");
        given().auth().oauth2(serviceAsVictim).when().get("/v1/wallets/" + victim).then().statusCode(401);

        PrivateKey userKey = TestTokens.userKey();
        String userKid = JwtSigner.keyId(((java.security.interfaces.RSAPrivateCrtKey) userKey).getModulus());
        for (String nameClaim : List.of("upn", "preferred_username")) {
            String attackerAsVictim = JwtSigner.signRaw(userKey, "SHA256withRSA",
                    "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + userKid + "\"}",
                    "{\"iss\":\"" + JwtSigner.ISSUER + "\",\"aud\":\"" + JwtSigner.USER_AUDIENCE + "\",\"sub\":\"user:attacker\",\""
                            + nameClaim + "\":\"" + victim + "\",\"groups\":[\"user\"],\"iat\":" + now + ",\"exp\":" + (now + 300) + "}");
            given().auth().oauth2(attackerAsVictim).when().get("/v1/wallets/" + victim).then().statusCode(401);
        }
        // The victim's own token still reads the wallet.
        given().auth().oauth2(TestTokens.mint(victim, "user")).when().get("/v1/wallets/" + victim).then().statusCode(200);
    }

    /**
     * An end-user token names its owner; a system account (the treasury, the platform's revenue,
     * escrow) has none. Were the identity provider to issue such a subject, its holder would own that
     * account: read it, and debit the treasury (system accounts may go negative) as api_usage that
     * revenue then distributes. Refused at verification, whatever the roles.
     */
    @Test
    void aTokenWhoseSubjectIsASystemAccountOwnsNothing() {
        for (String system : List.of("platform:treasury", "platform:revenue", "escrow")) {
            String token = TestTokens.mint(system, "user");
            given().auth().oauth2(token).when().get("/v1/wallets/" + system).then().statusCode(401);
            debit(token, system, 1_000).statusCode(401);
        }
    }

    /** SmallRye bounds exp − iat and now − iat, not iat itself: a token "issued" a year ahead would live a year. */
    @Test
    void aTokenIssuedInTheFutureIsRefused() {
        String account = "dev:" + funded().substring("user:".length());
        credit(account, 1_000).statusCode(201);
        Instant nextYear = Instant.now().plus(Duration.ofDays(365));
        debit(JwtSigner.signService(TestTokens.serviceKey(EARNINGS), EARNINGS, WALLET, nextYear, Duration.ofMinutes(5)),
                account, 10).statusCode(401);
        stats(JwtSigner.sign(TestTokens.userKey(), account, List.of("user"), nextYear, Duration.ofMinutes(30))).statusCode(401);
        debit(JwtSigner.signService(TestTokens.serviceKey(EARNINGS), EARNINGS, WALLET, Instant.now(), Duration.ofMinutes(5)),
                account, 10).statusCode(201);
    }

    private static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(byte[] secret, String claims) throws Exception {
        String input = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + b64(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
