package com.platformeconomy.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body declared larger than {@code pes.http.max-body-bytes} with a problem+json 413
 * before anything reads it. (Quarkus's own limit, kept higher as a backstop for bodies sent
 * without a length, answers 413 with an empty body.)
 */
@ApplicationScoped
public class BodyLimit {

    void install(@Observes Router router, ObjectMapper json,
                 @ConfigProperty(name = "pes.http.max-body-bytes", defaultValue = "65536") long maxBytes) throws JsonProcessingException {
        byte[] problem = json.writeValueAsBytes(Problem.of(ErrorCode.BODY_TOO_LARGE, "Content Too Large",
                "The request body may be at most " + maxBytes + " bytes."));
        // Second: openapi/ObservedStatuses, in tests, comes first to see this 413 too.
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && declaredLength(length) > maxBytes) {
                context.response().setStatusCode(413)
                        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .end(io.vertx.core.buffer.Buffer.buffer(problem));
                return;
            }
            context.next();
        });
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
