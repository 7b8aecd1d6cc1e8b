package com.platformeconomy.revenue.page;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** How the revenue page writes amounts: thousands separators, and exact decimal shares as the dashboard has them (202.5). */
@TemplateExtension
public final class PageFormats {

    private PageFormats() {
    }

    /** 1000 → "1,000". */
    static String grouped(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** 3650 → "3,650". */
    static String grouped(int value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** 12345.25 → "12,345.25", 150.0 → "150", -2.5 → "−2.5": every decimal kept, none added. */
    static String exact(BigDecimal value) {
        if (value == null) {
            return "";
        }
        BigDecimal shown = value.stripTrailingZeros();
        if (shown.scale() < 0) {
            shown = shown.setScale(0);
        }
        String plain = shown.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String grouped = new BigInteger(whole).toString().replaceAll("\\B(?=(\\d{3})+(?!\\d))", ",");
        return (shown.signum() < 0 ? "−" : "") + grouped + (dot < 0 ? "" : plain.substring(dot));
    }
}
