package com.platformeconomy.platform.openapi;

import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.problem.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/**
 * Completes every service's OpenAPI document from the code that decides the answers, so that the
 * contract a client is generated from says what the routes really answer (issue #22):
 *
 * <ul>
 * <li>each refusal an operation declares with {@code @Extension(name = "x-problem-codes", value =
 * "insufficient_balance unknown_app")} becomes a response per status ({@link ErrorCode} gives the
 * status), {@code application/problem+json} with the {@link Problem} schema whose {@code code} is
 * narrowed to the codes of that status for that route, and an example;</li>
 * <li>the refusals every route of a kind can give are added where they apply: 401 and 403 for a
 * route behind a bearer token, 400 ({@code malformed_json}, {@code validation_failed}), 413 and 415
 * for a route with a body, 400 {@code validation_failed} for a route with parameters, 500 and
 * 503 {@code service_unavailable} (a store away for now) for all;</li>
 * <li>the roles Quarkus lists as a security requirement's scopes (which a bearer scheme has not)
 * move into the operation's {@code x-roles} and its description, and the requirement names the
 * scheme alone;</li>
 * <li>the document's info (contact, description), the {@code Problem} schemas and the
 * {@code Idempotency-Key} header parameter are declared once, here.</li>
 * </ul>
 *
 * A code that is not an {@link ErrorCode} fails the document's build, so a typo cannot reach the
 * contract. Registered for every service in platform's {@code microprofile-config.properties}.
 */
public class ContractFilter implements OASFilter {

    public static final String PROBLEM_CODES = "x-problem-codes";
    public static final String ROLES = "x-roles";
    public static final String SCHEME = "bearer";
    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "ProblemFieldError";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad request"), Map.entry(401, "No valid bearer token"),
            Map.entry(402, "Payment required"), Map.entry(403, "Not allowed for this caller"),
            Map.entry(404, "Not found"), Map.entry(409, "Conflict"), Map.entry(413, "Body too large"),
            Map.entry(415, "Unsupported media type"), Map.entry(429, "Too many requests"),
            Map.entry(500, "Unexpected failure"), Map.entry(502, "Refused by a service this one called"),
            Map.entry(503, "Unavailable for now; the same request may succeed later"));

    private boolean idempotencyKeyUsed;
    private boolean optionalIdempotencyKeyUsed;

    @Override
    public void filterOpenAPI(OpenAPI api) {
        idempotencyKeyUsed = false;
        optionalIdempotencyKeyUsed = false;
        Config config = ConfigProvider.getConfig();
        String service = config.getOptionalValue("quarkus.application.name", String.class).orElse("service");
        api.getInfo()
                .title(service + " API")
                .version(config.getOptionalValue("pes.openapi.version", String.class).orElse("1.0.0"))
                .description(config.getOptionalValue("pes.openapi.description", String.class)
                        .orElse("The REST API of the Platform Economy Suite's " + service + "."))
                .contact(OASFactory.createContact().name("Platform Economy Suite")
                        .url("https://platform-economy.local/support"));
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.setComponents(components);
        components.addSchema(FIELD_ERROR, OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("A field of the request that was refused, and why.")
                .addProperty("field", string("The field's path in the request, such as `amountTokens` or `charges[2].eventId`."))
                .addProperty("message", string("Why it was refused.")));
        components.addSchema(PROBLEM, OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("An RFC 9457 problem details body. `code` is stable and meant for programs; `detail` is for people and may change.")
                .required(List.of("type", "title", "status", "code"))
                .addProperty("type", string("`urn:platform-economy:problem:` followed by the code."))
                .addProperty("title", string("A short summary of the kind of problem."))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).format("int32")
                        .description("The HTTP status of the answer."))
                .addProperty("detail", string("What went wrong with this request, for people."))
                .addProperty("code", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("The stable code of the refusal; each route lists the codes it can answer.")
                        .enumeration(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).map(c -> (Object) c).toList()))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("The offending fields of a refused request (validation_failed).")
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + FIELD_ERROR))));
        if (api.getPaths() != null) {
            api.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, op) -> complete(path, method, op)));
        }
        if (idempotencyKeyUsed) {
            components.addParameter("IdempotencyKey", idempotencyKey(true));
        }
        if (optionalIdempotencyKeyUsed) {
            components.addParameter("IdempotencyKeyOptional", idempotencyKey(false));
        }
    }

    private static org.eclipse.microprofile.openapi.models.parameters.Parameter idempotencyKey(boolean required) {
        return OASFactory.createParameter().name("Idempotency-Key")
                .in(org.eclipse.microprofile.openapi.models.parameters.Parameter.In.HEADER).required(required)
                .description((required ? "" : "Where the operation's description says it is needed: ")
                        + "a key the client makes once per new request (1–128 of `A-Za-z0-9:._@/-`) and sends again "
                        + "with every retry of it: the same key and body get the first answer again and move nothing twice; "
                        + "the same key with another body is refused (409 `idempotency_key_reused`).")
                .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .pattern("[A-Za-z0-9][A-Za-z0-9:._@/-]{0,127}"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }

    private void complete(String path, PathItem.HttpMethod method, Operation op) {
        List<String> roles = moveRoles(op);
        List<String> declared = declaredCodes(path, method, op);
        // Required where the route refuses a request without one (it declares idempotency_key_required).
        boolean keyRequired = declared.contains(ErrorCode.IDEMPOTENCY_KEY_REQUIRED.code());
        if (op.getParameters() != null) {
            op.setParameters(op.getParameters().stream().map(p -> {
                if (p.getIn() == org.eclipse.microprofile.openapi.models.parameters.Parameter.In.HEADER
                        && "Idempotency-Key".equalsIgnoreCase(p.getName())) {
                    if (keyRequired) {
                        idempotencyKeyUsed = true;
                        return OASFactory.createParameter().ref("IdempotencyKey");
                    }
                    optionalIdempotencyKeyUsed = true;
                    return OASFactory.createParameter().ref("IdempotencyKeyOptional");
                }
                return p;
            }).toList());
        }
        boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty();
        Map<Integer, TreeSet<String>> byStatus = new TreeMap<>();
        for (String code : declared) {
            ErrorCode error = ErrorCode.valueOf(code.toUpperCase(java.util.Locale.ROOT));
            byStatus.computeIfAbsent(error.status(), s -> new TreeSet<>()).add(error.code());
        }
        if (secured) {
            byStatus.computeIfAbsent(401, s -> new TreeSet<>()).add(ErrorCode.UNAUTHORIZED.code());
            byStatus.computeIfAbsent(403, s -> new TreeSet<>()).add(ErrorCode.FORBIDDEN.code());
        }
        if (op.getRequestBody() != null) {
            boolean json = op.getRequestBody().getContent() == null
                    || op.getRequestBody().getContent().hasMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
            if (json) {
                byStatus.computeIfAbsent(400, s -> new TreeSet<>()).add(ErrorCode.MALFORMED_JSON.code());
            }
            byStatus.computeIfAbsent(400, s -> new TreeSet<>()).add(ErrorCode.VALIDATION_FAILED.code());
            byStatus.computeIfAbsent(413, s -> new TreeSet<>()).add(ErrorCode.BODY_TOO_LARGE.code());
            byStatus.computeIfAbsent(415, s -> new TreeSet<>()).add(ErrorCode.UNSUPPORTED_MEDIA_TYPE.code());
        }
        if (op.getParameters() != null && !op.getParameters().isEmpty()) {
            byStatus.computeIfAbsent(400, s -> new TreeSet<>()).add(ErrorCode.VALIDATION_FAILED.code());
        }
        byStatus.computeIfAbsent(500, s -> new TreeSet<>()).add(ErrorCode.INTERNAL_ERROR.code());
        byStatus.computeIfAbsent(503, s -> new TreeSet<>()).add(ErrorCode.SERVICE_UNAVAILABLE.code());

        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        op.setResponses(responses);
        boolean page = answersHtml(responses);
        byStatus.forEach((status, codes) -> responses.addAPIResponse(String.valueOf(status),
                page ? pageResponse(status, codes) : problemResponse(status, codes)));
        // In status order, so the tracked document reads (and diffs) the same on every build.
        APIResponses sorted = OASFactory.createAPIResponses();
        new TreeMap<>(responses.getAPIResponses()).forEach(sorted::addAPIResponse);
        sorted.setExtensions(responses.getExtensions());
        op.setResponses(sorted);
        if (!roles.isEmpty()) {
            String line = "Roles: " + String.join(", ", roles.stream().map(r -> "`" + r + "`").toList()) + ".";
            op.setDescription(op.getDescription() == null || op.getDescription().isBlank() ? line : op.getDescription() + "\n\n" + line);
        }
    }

    /**
     * The codes of {@code x-problem-codes}, removed from everywhere the scan copied it (the
     * operation, its responses and each response, its request body when the method also has
     * {@code @APIResponse}s or a {@code @RequestBody}); the responses say them.
     */
    private static List<String> declaredCodes(String path, PathItem.HttpMethod method, Operation op) {
        java.util.Set<Object> values = new java.util.LinkedHashSet<>();
        take(op, values);
        if (op.getResponses() != null) {
            take(op.getResponses(), values);
            op.getResponses().getAPIResponses().values().forEach(response -> take(response, values));
        }
        if (op.getRequestBody() != null) {
            take(op.getRequestBody(), values);
        }
        if (values.isEmpty()) {
            return List.of();
        }
        Object value = String.join(" ", values.stream().map(String::valueOf).toList());
        List<String> codes = new ArrayList<>();
        for (String code : String.valueOf(value).split("[\\s,]+")) {
            if (code.isBlank()) {
                continue;
            }
            boolean known = Arrays.stream(ErrorCode.values()).anyMatch(e -> e.code().equals(code));
            if (!known) {
                throw new IllegalStateException(method + " " + path + " declares " + PROBLEM_CODES + " '" + code
                        + "', which is no ErrorCode");
            }
            codes.add(code);
        }
        return codes;
    }

    private static void take(org.eclipse.microprofile.openapi.models.Extensible<?> where, java.util.Set<Object> values) {
        if (where.getExtensions() != null && where.getExtensions().containsKey(PROBLEM_CODES)) {
            values.add(where.getExtensions().get(PROBLEM_CODES));
            where.removeExtension(PROBLEM_CODES);
        }
    }

    /**
     * The roles of the operation's security requirements, moved to {@code x-roles}; the requirement
     * keeps the scheme with no scopes, as a bearer scheme has none. Roles as Quarkus lists them
     * ({@code @RolesAllowed}); a route that decides in code says so in its description.
     */
    private static List<String> moveRoles(Operation op) {
        List<SecurityRequirement> security = op.getSecurity();
        if (security == null || security.isEmpty()) {
            return List.of();
        }
        TreeSet<String> roles = new TreeSet<>();
        for (SecurityRequirement requirement : security) {
            requirement.getSchemes().values().forEach(scopes -> {
                if (scopes != null) {
                    roles.addAll(scopes);
                }
            });
        }
        op.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
        if (!roles.isEmpty()) {
            op.addExtension(ROLES, List.copyOf(roles));
        }
        return List.copyOf(roles);
    }

    /** A page route: every success it documents is text/html, so its refusals are pages too. */
    private static boolean answersHtml(APIResponses responses) {
        List<Content> successes = responses.getAPIResponses().entrySet().stream()
                .filter(e -> e.getKey().startsWith("2") && e.getValue().getContent() != null)
                .map(e -> e.getValue().getContent()).toList();
        return !successes.isEmpty() && successes.stream().allMatch(c -> c.getMediaTypes().size() == 1
                && c.hasMediaType(jakarta.ws.rs.core.MediaType.TEXT_HTML));
    }

    /** A page's refusal: the page says what went wrong for people; the code is in the description. */
    private static APIResponse pageResponse(int status, TreeSet<String> codes) {
        String list = String.join(", ", codes.stream().map(c -> "`" + c + "`").toList());
        return OASFactory.createAPIResponse()
                .description(Optional.ofNullable(REASONS.get(status)).orElse("Refused") + " (" + list + "), shown as a page.")
                .content(OASFactory.createContent().addMediaType(jakarta.ws.rs.core.MediaType.TEXT_HTML,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))));
    }

    private static APIResponse problemResponse(int status, TreeSet<String> codes) {
        Schema schema = OASFactory.createSchema()
                .allOf(List.of(OASFactory.createSchema().ref(PROBLEM_REF),
                        OASFactory.createSchema().addProperty("code", OASFactory.createSchema()
                                .enumeration(codes.stream().map(c -> (Object) c).toList()))));
        String first = codes.first();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "urn:platform-economy:problem:" + first);
        example.put("title", REASONS.getOrDefault(status, "Refused"));
        example.put("status", status);
        example.put("detail", "What went wrong, for people.");
        example.put("code", first);
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(schema).example(example));
        String list = String.join(", ", codes.stream().map(c -> "`" + c + "`").toList());
        return OASFactory.createAPIResponse()
                .description(Optional.ofNullable(REASONS.get(status)).orElse("Refused") + ": " + list + ".")
                .content(content);
    }
}
