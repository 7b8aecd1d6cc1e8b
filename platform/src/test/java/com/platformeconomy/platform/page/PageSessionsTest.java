package com.platformeconomy.platform.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The sealed page session opens only in the service that sealed it, under its secret, unchanged and unexpired. */
class PageSessionsTest {

    private static final String SECRET = "s".repeat(40);
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXY6YWxpY2UiLCJncm91cHMiOlsiZGV2ZWxvcGVyIl19.c2lnbmF0dXJl";

    private static PageSessions of(String secret, String service) {
        return new PageSessions(new PageKey(Optional.of(secret)), service, null, null);
    }

    private static long inAnHour() {
        return Instant.now().getEpochSecond() + 3600;
    }

    @Test
    void aSessionOpensToItsTokenAndNeverShowsIt() {
        PageSessions portal = of(SECRET, "developer-earnings-service");
        String cookie = portal.seal(new byte[16], inAnHour(), TOKEN);
        assertThat(cookie).startsWith(PageSessions.VERSION).doesNotContain(TOKEN.split("\\.")[1]);
        Optional<PageSessions.Session> opened = portal.open(cookie);
        assertThat(opened).isPresent();
        assertThat(opened.get().token()).isEqualTo(TOKEN);
        assertThat(opened.get().id()).isEqualTo("A".repeat(22));
        byte[] other = new byte[16];
        other[0] = 1;
        String again = portal.seal(other, inAnHour(), TOKEN);
        assertThat(again).as("a fresh nonce each time").isNotEqualTo(portal.seal(new byte[16], inAnHour(), TOKEN));
        assertThat(portal.open(again).get().id()).isNotEqualTo(opened.get().id());
    }

    @Test
    void aPlantedChangedForeignOrExpiredCookieOpensToNothing() {
        PageSessions portal = of(SECRET, "developer-earnings-service");
        String cookie = portal.seal(new byte[16], inAnHour(), TOKEN);
        assertThat(portal.open(TOKEN)).as("a token planted as the cookie").isEmpty();
        assertThat(portal.open(PageSessions.VERSION + TOKEN)).as("a token behind the version").isEmpty();
        byte[] raw = Base64.getUrlDecoder().decode(cookie.substring(PageSessions.VERSION.length()));
        for (int i : new int[] {0, 12, 20, raw.length - 1}) {
            byte[] changed = raw.clone();
            changed[i] ^= 1;
            assertThat(portal.open(PageSessions.VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(changed)))
                    .as("one bit changed at byte " + i).isEmpty();
        }
        assertThat(of(SECRET, "revenue-service").open(cookie)).as("sealed by another service with the same secret").isEmpty();
        assertThat(of("o".repeat(40), "developer-earnings-service").open(cookie)).as("under another secret").isEmpty();
        assertThat(portal.open(portal.seal(new byte[16], Instant.now().getEpochSecond() - 1, TOKEN))).as("expired").isEmpty();
        assertThat(portal.open(null)).isEmpty();
        assertThat(portal.open("")).isEmpty();
        assertThat(portal.open(PageSessions.VERSION + "!!!")).isEmpty();
        assertThat(portal.open(PageSessions.VERSION + "AAAA")).isEmpty();
        assertThat(portal.open(PageSessions.VERSION + "A".repeat(5000))).isEmpty();
        assertThat(portal.end(java.util.List.of(TOKEN, "")).await().indefinitely()).as("ending what opens to no session touches no table").isNull();
    }
}
