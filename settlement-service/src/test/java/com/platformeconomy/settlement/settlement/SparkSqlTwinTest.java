package com.platformeconomy.settlement.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.contracts.money.Spark;
import com.platformeconomy.settlement.Db;
import com.platformeconomy.stack.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The settlement queries convert USD to spark in PostgreSQL with {@link Spark#sql}; this holds that
 * SQL to {@link Spark#fromUsd}, the rule's Java form, on the edges (below a cent, exact multiples,
 * the NUMERIC(20,6) extremes) and on thousands of random amounts and rates, on the real database.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class SparkSqlTwinTest {

    @Test
    void theSqlAndTheJavaOfTheSparkRuleAgree() {
        List<BigDecimal> amounts = new ArrayList<>(List.of(new BigDecimal("0"), new BigDecimal("0.000001"),
                new BigDecimal("0.004"), new BigDecimal("0.009999"), new BigDecimal("0.01"), new BigDecimal("0.019"),
                new BigDecimal("1.23"), new BigDecimal("99999999999999.999999")));
        List<Long> rates = new ArrayList<>(List.of(1L, 100L, 1000L, 999_983L));
        Random random = new Random(20261202);
        for (int i = 0; i < 2000; i++) {
            amounts.add(BigDecimal.valueOf(random.nextLong(1, 1_000_000_000_000L), 6));
        }
        String sql = "SELECT CAST(" + Spark.sql("CAST($1 AS NUMERIC(20,6))", "CAST($2 AS BIGINT)") + " AS BIGINT)";
        int checked = 0;
        for (int i = 0; i < amounts.size(); i++) {
            BigDecimal usd = amounts.get(i);
            long rate = i < 8 ? rates.get(i % rates.size()) : random.nextLong(1, 10_000);
            if (usd.multiply(BigDecimal.valueOf(rate)).compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
                continue;
            }
            long inSql = Db.row(sql, usd, rate).getLong(0);
            assertThat(inSql).as("%s USD at %d spark per USD", usd, rate).isEqualTo(Spark.fromUsd(usd, rate));
            checked++;
        }
        assertThat(checked).isGreaterThan(2000);
    }
}
