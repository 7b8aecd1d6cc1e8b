package com.platformeconomy.wallet.balance;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.contracts.event.SuiteIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The account and caller-id checks run on every charge and are written by hand; their patterns
 * say what they accept. Both must answer alike for every string, including the near misses
 * (lengths at the bounds, non-ASCII letters and digits, a prefix alone).
 */
class AccountsTest {

    private static final String ALPHABET = "aAzZ09:._@-/ +éٳ\u0000";
    private static final List<String> PREFIXES = List.of("", "user:", "dev:", "node-op:", "platform:", "escrow",
            "users:", "de:", "node:", "platform:a", "Platform:", "userx");

    @Test
    void theHandWrittenChecksAcceptExactlyWhatTheirPatternsDo() {
        Random random = new Random(20261205);
        List<String> samples = new ArrayList<>(List.of("escrow", "escrowx", "platform:", "platform:a", "platform:A",
                "user:", "user:a", "dev:-a", "node-op:a.b@c_d-e", "platform:" + "a".repeat(64), "platform:" + "a".repeat(65),
                "user:" + "a".repeat(120), "user:" + "a".repeat(121), "a".repeat(128), "a".repeat(129), "", "-a", "a/b"));
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder(PREFIXES.get(random.nextInt(PREFIXES.size())));
            int length = random.nextInt(4) == 0 ? 110 + random.nextInt(25) : random.nextInt(6);
            for (int j = 0; j < length; j++) {
                s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            samples.add(s.toString());
        }
        int accepted = 0;
        for (String s : samples) {
            boolean owner = Accounts.OWNER.matcher(s).matches();
            boolean system = Accounts.SYSTEM.matcher(s).matches();
            assertThat(Accounts.isOwner(s)).as("owner %s", s).isEqualTo(owner);
            assertThat(Accounts.isSystem(s)).as("system %s", s).isEqualTo(system);
            assertThat(Accounts.isDeveloper(s)).as("developer %s", s).isEqualTo(s.startsWith("dev:") && owner);
            assertThat(SuiteIds.isCallerId(s)).as("caller id %s", s).isEqualTo(SuiteIds.CALLER_ID.matcher(s).matches());
            accepted += owner || system ? 1 : 0;
        }
        // The samples reach both sides of every check.
        assertThat(accepted).isBetween(1_000, samples.size() - 1_000);
    }
}
