package com.platformeconomy.revenue.distribution;

import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A distribution period: one UTC calendar month, written {@code YYYY-MM}. Months make a fixed grid,
 * so no two periods ever overlap and "the next period" is well defined.
 */
public record Period(YearMonth month) {

    public static final String PATTERN = "\\d{4}-(0[1-9]|1[0-2])";

    public static Period parse(String text, String field) {
        if (text == null || !text.matches(PATTERN)) {
            throw new ApiException(ErrorCode.INVALID_PERIOD, field + " must be a month written YYYY-MM.");
        }
        try {
            YearMonth month = YearMonth.parse(text);
            if (month.getYear() < 2000) {
                throw new ApiException(ErrorCode.INVALID_PERIOD, field + " must not be before 2000-01.");
            }
            return new Period(month);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_PERIOD, field + " must be a month written YYYY-MM.");
        }
    }

    public static Period containing(LocalDate day) {
        return new Period(YearMonth.from(day));
    }

    public String id() {
        return month.toString();
    }

    /** First day, inclusive. */
    public LocalDate start() {
        return month.atDay(1);
    }

    /** The day after the last, exclusive. */
    public LocalDate end() {
        return month.plusMonths(1).atDay(1);
    }

    public Period previous() {
        return new Period(month.minusMonths(1));
    }

    /** Closed once its last day ended {@code grace} ago: events still in flight have landed. */
    public boolean closedAt(Instant now, Duration grace) {
        return !end().atStartOfDay().toInstant(ZoneOffset.UTC).plus(grace).isAfter(now);
    }
}
