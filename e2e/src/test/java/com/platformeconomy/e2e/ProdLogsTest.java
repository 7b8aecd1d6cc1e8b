package com.platformeconomy.e2e;

import static com.platformeconomy.e2e.E2eSuite.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The services in the prod profile log one JSON object per line, each naming its service (issue
 * #21: a log pipeline parses them; with tracing they carry the trace and span ids). wallet-service
 * runs in the dev profile here, as ./suite up runs it, and logs plain text.
 */
@ExtendWith(E2eSuite.Lifecycle.class)
class ProdLogsTest {

    /** The start of a record of Quarkus' plain-text console format ("2026-12-03 05:10:00,123 INFO  ..."). */
    private static final Pattern PLAIN_RECORD = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} +[A-Z]+ ");

    private final E2eSuite suite = E2eSuite.get();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void servicesInTheProdProfileLogJsonLinesNamingTheirService() throws Exception {
        for (String module : List.of(EARNINGS, SETTLEMENT, REVENUE, GOAL)) {
            List<JsonNode> records = new ArrayList<>();
            for (String line : Files.readAllLines(suite.services.get(module).log())) {
                assertThat(line).as(module + " logs a plain-text record").doesNotContainPattern(PLAIN_RECORD);
                if (line.startsWith("{")) {
                    records.add(json.readTree(line));
                }
            }
            assertThat(records).as(module + "'s JSON log records").isNotEmpty().allSatisfy(record -> {
                assertThat(record.path("service").asText()).isEqualTo(module);
                assertThat(record.path("level").asText()).isNotBlank();
                assertThat(record.path("timestamp").asText()).isNotBlank();
                assertThat(record.has("message")).isTrue();
            });
        }
    }
}
