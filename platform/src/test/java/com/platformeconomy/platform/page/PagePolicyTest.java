package com.platformeconomy.platform.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagePolicyTest {

    private final PagePolicy portal = new PagePolicy(Optional.of(List.of("/portal")), Optional.empty(), false);

    @Test
    void onlyThePagesPathsArePages() {
        assertThat(portal.prefix("/portal")).isEqualTo("/portal");
        assertThat(portal.prefix("/portal/payouts")).isEqualTo("/portal");
        assertThat(portal.prefix("/portalx/payouts")).isNull();
        assertThat(portal.prefix("/v1/developer/payouts")).isNull();
        assertThat(portal.prefix("/portal/../v1/developer/payouts")).as("never trust an unresolved dot segment").isNull();
        assertThat(portal.prefix("/v1/portal")).isNull();
        assertThat(new PagePolicy(Optional.empty(), Optional.empty(), false).prefix("/portal")).as("no pages configured").isNull();
        assertThatThrownBy(() -> new PagePolicy(Optional.of(List.of("portal*")), Optional.empty(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void originsAreComparedAsSchemeHostAndPort() {
        assertThat(PagePolicy.origin("HTTPS://Example.com:443/portal/payouts?x=1")).contains("https://example.com");
        assertThat(PagePolicy.origin("http://localhost:8082")).contains("http://localhost:8082");
        assertThat(PagePolicy.origin("http://localhost:80/")).contains("http://localhost");
        assertThat(PagePolicy.origin("null")).isEmpty();
        assertThat(PagePolicy.origin("")).isEmpty();
        assertThat(PagePolicy.origin(null)).isEmpty();
        assertThat(PagePolicy.origin("javascript:alert(1)")).isEmpty();
        assertThat(PagePolicy.origin("https://user@evil.example")).isEmpty();
        assertThat(PagePolicy.origin("file:///etc/passwd")).isEmpty();
    }

    @Test
    void csrfTokensVerifyOnlyWithTheirKeyAndOnlyAsTheCookiesOwnValue() {
        CsrfTokens tokens = new CsrfTokens(new PageKey(Optional.of("k".repeat(40))));
        String token = tokens.issue();
        assertThat(tokens.valid(token)).isTrue();
        assertThat(tokens.matches(token, token)).isTrue();
        assertThat(tokens.matches(token, tokens.issue())).as("another form's token").isFalse();
        assertThat(tokens.matches(token, null)).isFalse();
        assertThat(tokens.valid(new CsrfTokens(new PageKey(Optional.of("x".repeat(40)))).issue())).as("signed with another key").isFalse();
        String planted = token.substring(0, token.indexOf('.')) + ".AAAA";
        assertThat(tokens.matches(planted, planted)).as("a planted cookie without the key's signature").isFalse();
        assertThat(tokens.valid("a.b.c")).isFalse();
        assertThat(tokens.valid(null)).isFalse();
        assertThatThrownBy(() -> new PageKey(Optional.of("short"))).isInstanceOf(IllegalArgumentException.class);
    }
}
