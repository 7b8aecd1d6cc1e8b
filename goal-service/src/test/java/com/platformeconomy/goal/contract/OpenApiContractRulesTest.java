package com.platformeconomy.goal.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.platformeconomy.testkit.openapi.OpenApiContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract checks themselves catch what they are for (testkit OpenApiContract). */
class OpenApiContractRulesTest {

    private static final JsonNode DOC = OpenApiContract.parse("""
            openapi: 3.1.0
            info: {title: t, version: '1', description: d, contact: {name: c}}
            servers: [{url: 'http://127.0.0.1:8085'}]
            tags: [{name: goals, description: Goals.}]
            components:
              securitySchemes: {bearer: {type: http, scheme: bearer}}
            paths:
              /api/goals/{goalId}:
                get:
                  operationId: getGoal
                  summary: s
                  description: d
                  tags: [goals]
                  security: [{bearer: [admin]}]
                  parameters: [{name: goalId, in: path, required: true, schema: {type: string}}]
                  responses:
                    '200': {description: ok}
                    '404': {description: missing}
              /api/goals/batch:
                post:
                  summary: s
                  tags: [other]
                  responses:
                    '400': {description: bad, content: {application/problem+json: {}}}
            """);

    @Test
    void aStatusATestSawThatTheOperationDoesNotDocumentIsNamed() {
        List<String> problems = OpenApiContract.undocumented(DOC, List.of(
                "GET /api/goals/g-1 200", "GET /api/goals/g-1 409", "POST /api/goals/batch 201",
                "DELETE /api/goals/g-1 405", "GET /q/health 503"));

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("GET /api/goals/{goalId} answered 409");
        // A literal path wins over a template: /api/goals/batch is its own operation.
        assertThat(problems.get(1)).startsWith("POST /api/goals/batch answered 201");
    }

    @Test
    void theLintNamesEachBrokenRule() {
        List<String> problems = OpenApiContract.lint(DOC);

        assertThat(problems).anyMatch(p -> p.startsWith("oas3-operation-security-defined: GET /api/goals/{goalId} lists scopes"));
        assertThat(problems).anyMatch(p -> p.startsWith("problem-json: GET /api/goals/{goalId} 404"));
        assertThat(problems).anyMatch(p -> p.startsWith("operation-operationId: POST /api/goals/batch"));
        assertThat(problems).anyMatch(p -> p.startsWith("operation-description: POST /api/goals/batch"));
        assertThat(problems).anyMatch(p -> p.startsWith("operation-tag-defined: POST /api/goals/batch uses undeclared tag 'other'"));
        assertThat(problems).anyMatch(p -> p.startsWith("operation-success-response: POST /api/goals/batch"));
        assertThat(problems).noneMatch(p -> p.startsWith("info-") || p.startsWith("oas3-api-servers"));
    }
}
