package com.platformeconomy.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.contracts.event.EventCodec;
import com.platformeconomy.contracts.event.MalformedEventException;
import com.platformeconomy.wallet.stream.BillingStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerRowsTest {

    private static Map<String, String> charge(long total, long seq) {
        Map<String, String> entry = new HashMap<>();
        entry.put("type", "charge");
        entry.put("event_id", "e-1");
        entry.put("seq", Long.toString(seq));
        entry.put("from", "user:alice");
        entry.put("to", "platform:revenue");
        entry.put("amount", Long.toString(total));
        entry.put("subject", "user:alice");
        entry.put("time", "1732435200000");
        entry.put("app_id", "app-1");
        entry.put("developer_id", "dev:acme");
        entry.put("tool_name", "forecast");
        entry.put("byollm", "0");
        entry.put("developer_share", Long.toString(total * 70 / 100));
        entry.put("platform_share", Long.toString(total - total * 70 / 100));
        return entry;
    }

    private static List<LedgerRow> rowsOf(Map<String, String> entry) {
        return LedgerRows.of(EventCodec.decode(EventCodec.encode(BillingStream.toEvent(entry))));
    }

    @Test
    void aChargeIsTwoRowsThatSumToZero() {
        // The seed's explorer app: 7 tokens, 4 to the developer and 3 to the platform, all paid by the user.
        List<LedgerRow> rows = rowsOf(charge(7, 42));
        assertThat(rows).extracting(LedgerRow::account, LedgerRow::amount, LedgerRow::side)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("user:alice", -7L, LedgerRow.FROM),
                        org.assertj.core.groups.Tuple.tuple("platform:revenue", 7L, LedgerRow.TO));
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.seq()).isEqualTo(42);
            assertThat(row.eventId()).isEqualTo("e-1");
            assertThat(row.kind()).isEqualTo("charge");
            assertThat(row.createdAt().toEpochMilli()).isEqualTo(1732435200000L);
        });
        assertThat(rows.stream().mapToLong(LedgerRow::amount).sum()).isZero();
    }

    @Test
    void aFreeAppsCallBooksNothing() {
        assertThat(rowsOf(charge(0, 0))).isEmpty();
    }

    @Test
    void aTransferKeepsItsKindAndCategory() {
        Map<String, String> entry = charge(25, 9);
        entry.put("type", "debit");
        entry.put("category", "ad_spend");
        entry.put("reason", "campaign");
        List<LedgerRow> rows = rowsOf(entry);
        assertThat(rows).extracting(LedgerRow::kind).containsOnly("debit");
        assertThat(rows).extracting(LedgerRow::category).containsOnly("ad_spend");
        assertThat(rows).extracting(LedgerRow::amount).containsExactly(-25L, 25L);
    }

    @Test
    void aMovementWithoutSeqOrWithANegativeAmountIsRefused() {
        assertThatThrownBy(() -> rowsOf(charge(7, 0))).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> rowsOf(charge(-7, 3))).isInstanceOf(MalformedEventException.class);
    }
}
