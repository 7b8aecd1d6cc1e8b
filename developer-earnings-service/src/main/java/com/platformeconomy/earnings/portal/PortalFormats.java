package com.platformeconomy.earnings.portal;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the portal writes numbers and times: tokens with thousands separators, exact USD, UTC times. */
@TemplateExtension
public final class PortalFormats {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    private PortalFormats() {
    }

    /** 12450 → "12,450". */
    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** An exact USD amount with at least cents: 9.450000 → "$9.45", 0.001000 → "$0.001", 3 → "$3.00". */
    static String usd(BigDecimal value) {
        if (value == null) {
            return "";
        }
        BigDecimal shown = value.stripTrailingZeros();
        if (shown.scale() < 2) {
            shown = shown.setScale(2);
        }
        String plain = shown.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = String.format(Locale.ROOT, "%,d", Long.parseLong(plain.substring(0, dot)));
        return (shown.signum() < 0 ? "−$" : "$") + whole + plain.substring(dot);
    }

    static String utc(OffsetDateTime time) {
        return time == null ? "" : time.withOffsetSameInstant(ZoneOffset.UTC).format(UTC);
    }
}
