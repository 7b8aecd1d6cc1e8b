package com.platformeconomy.wallet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.wallet.balance.TransferReply;
import com.platformeconomy.wallet.charge.ChargeReply;
import com.platformeconomy.wallet.hold.HoldReply;
import com.platformeconomy.wallet.hold.SettleHoldReply;
import com.platformeconomy.wallet.topup.VoidReply;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripts' replies, decoded once: known statuses become types, anything else is refused loudly. */
class LuaReplyDecodersTest {

    @Test
    void charge_replies_decode_to_their_types() {
        assertThat(ChargeReply.decode(List.of("ok", "225", "202", "23", "775")))
                .isEqualTo(new ChargeReply.Charged(225, 202, 23, 775, false));
        assertThat(ChargeReply.decode(List.of("replay", "ok", "7", "4", "3", "93")))
                .isEqualTo(new ChargeReply.Charged(7, 4, 3, 93, true));
        assertThat(ChargeReply.decode(List.of("replay", "refused", "5"))).isEqualTo(new ChargeReply.Refused(5, true));
        assertThat(ChargeReply.decode(List.of("unbilled", "app_not_active"))).isEqualTo(new ChargeReply.Unbilled("app_not_active", false));
        assertThat(ChargeReply.decode(List.of("unknown_app"))).isEqualTo(new ChargeReply.UnknownApp(false));
        assertThat(ChargeReply.decode(List.of("conflict", "abc"))).isEqualTo(new ChargeReply.Conflict("abc"));
        assertThat(ChargeReply.decode(List.of("overflow"))).isEqualTo(new ChargeReply.Overflow());
        assertThat(ChargeReply.decode(List.of("stale_developer", "dev:b"))).isEqualTo(new ChargeReply.StaleDeveloper("dev:b"));
        assertThat(ChargeReply.decode(List.of("catalog_outdated"))).isEqualTo(new ChargeReply.CatalogOutdated());
    }

    @Test
    void an_unknown_charge_status_is_refused_not_taken_for_success() {
        assertThatThrownBy(() -> ChargeReply.decode(List.of("okay", "1", "1", "0", "0")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("charge.lua");
        assertThatThrownBy(() -> ChargeReply.decode(List.of("replay", "charged")))
                .isInstanceOf(IllegalStateException.class);
        // The script never remembers an overflow: a replayed one is not a reply it can give.
        assertThatThrownBy(() -> ChargeReply.decode(List.of("replay", "overflow")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ChargeReply.decode(List.of()))
                .isInstanceOf(IllegalStateException.class);
        // A known status without its values is refused too.
        assertThatThrownBy(() -> ChargeReply.decode(List.of("ok", "1")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void transfer_replies_decode_and_unknown_ones_are_refused() {
        assertThat(TransferReply.decode(List.of("ok", "-10", "10"))).isEqualTo(new TransferReply.Moved(-10, 10, false));
        assertThat(TransferReply.decode(List.of("replay", "refused", "3"))).isEqualTo(new TransferReply.Refused(3, true));
        assertThat(TransferReply.decode(List.of("conflict", ""))).isEqualTo(new TransferReply.Conflict(""));
        assertThat(TransferReply.decode(List.of("overflow"))).isEqualTo(new TransferReply.Overflow());
        assertThatThrownBy(() -> TransferReply.decode(List.of("moved", "1", "2"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TransferReply.decode(List.of("replay", "conflict", "x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hold_replies_decode_and_unknown_ones_are_refused() {
        assertThat(HoldReply.decode(List.of("ok", "active", "50", "1732435200000")))
                .isEqualTo(new HoldReply.Held("active", 50, 1732435200000L, false));
        assertThat(HoldReply.decode(List.of("replay", "captured", "50", "1732435200000")))
                .isEqualTo(new HoldReply.Held("captured", 50, 1732435200000L, true));
        assertThat(HoldReply.decode(List.of("refused", "4"))).isEqualTo(new HoldReply.Refused(4));
        assertThat(HoldReply.decode(List.of("conflict", "fp"))).isEqualTo(new HoldReply.Conflict("fp"));
        assertThatThrownBy(() -> HoldReply.decode(List.of("held", "active", "50", "1"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void settle_hold_replies_decode_and_unknown_ones_are_refused() {
        assertThat(SettleHoldReply.decode(List.of("ok", "captured", "30", ""))).isEqualTo(new SettleHoldReply.Settled("captured", 30, false, false));
        assertThat(SettleHoldReply.decode(List.of("ok", "captured", "30", "pending"))).isEqualTo(new SettleHoldReply.Settled("captured", 30, false, true));
        assertThat(SettleHoldReply.decode(List.of("replay", "released", "0", ""))).isEqualTo(new SettleHoldReply.Settled("released", 0, true, false));
        assertThat(SettleHoldReply.decode(List.of("replay", "captured", "30", "landed"))).isEqualTo(new SettleHoldReply.Settled("captured", 30, true, false));
        assertThat(SettleHoldReply.decode(List.of("unknown_hold"))).isEqualTo(new SettleHoldReply.UnknownHold());
        assertThat(SettleHoldReply.decode(List.of("not_active", "expired"))).isEqualTo(new SettleHoldReply.NotActive("expired"));
        assertThat(SettleHoldReply.decode(List.of("stale_payee", "user:b"))).isEqualTo(new SettleHoldReply.StalePayee("user:b"));
        assertThat(SettleHoldReply.decode(List.of("not_due"))).isEqualTo(new SettleHoldReply.NotDue());
        assertThat(SettleHoldReply.decode(List.of("too_much", "20"))).isEqualTo(new SettleHoldReply.TooMuch(20));
        assertThat(SettleHoldReply.decode(List.of("overflow"))).isEqualTo(new SettleHoldReply.Overflow());
        assertThatThrownBy(() -> SettleHoldReply.decode(List.of("settled", "captured", "30"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void void_replies_decode_and_unknown_ones_are_refused() {
        assertThat(VoidReply.decode(List.of("applied"))).isEqualTo(VoidReply.APPLIED);
        assertThat(VoidReply.decode(List.of("voided"))).isEqualTo(VoidReply.VOIDED);
        assertThat(VoidReply.decode(List.of("conflict"))).isEqualTo(VoidReply.CONFLICT);
        assertThatThrownBy(() -> VoidReply.decode(List.of("void"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("void.lua");
    }
}
