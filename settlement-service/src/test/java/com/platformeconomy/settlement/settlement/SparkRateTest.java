package com.platformeconomy.settlement.settlement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.platformeconomy.settlement.Db;
import com.platformeconomy.settlement.Usage;
import com.platformeconomy.stack.LocalStackResource;
import com.platformeconomy.stack.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** spark_per_usd comes from configuration: the source's numbers at 1000 spark per USD instead of 100. */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
@TestProfile(SparkRateTest.ThousandPerUsd.class)
class SparkRateTest {

    public static class ThousandPerUsd implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Ten times the spark per USD: one record may then carry a tenth of the USD, so that it still fits in a day's ceiling.
            return Map.of("settlement.spark-per-usd", "1000", "settlement.max-usage-usd", "100");
        }
    }

    @Test
    void aDifferentRateChangesEveryAward() {
        String operator = Usage.newOperator();
        String tiny = Usage.record("node-r1", operator, "hive", "0.004");
        String dollar = Usage.record("node-r1", operator, "hive", "1.23");
        String small = Usage.record("node-r1", operator, "idle", "0.019");
        String below = Usage.record("node-r1", operator, "idle", "0.0009");

        given().auth().oauth2(TestTokens.mint("admin:ops", "admin")).when().post("/api/admin/settlements/run")
                .then().statusCode(200);

        assertThat(SettlementTest.spark(tiny)).isEqualTo(4);
        assertThat(SettlementTest.spark(dollar)).isEqualTo(1230);
        assertThat(SettlementTest.spark(small)).isEqualTo(19);
        assertThat(SettlementTest.spark(below)).as("still at least one").isEqualTo(1);
        assertThat(Db.row("SELECT tokens, spark_per_usd FROM settlement_batch WHERE operator_id = $1", operator))
                .satisfies(batch -> {
                    assertThat(batch.getLong("tokens")).isEqualTo(1254);
                    assertThat(batch.getLong("spark_per_usd")).isEqualTo(1000);
                });
    }
}
