package com.platformeconomy.revenue.distribution;

import com.platformeconomy.contracts.account.AccountIds;
import com.platformeconomy.platform.problem.ApiException;
import com.platformeconomy.platform.problem.ErrorCode;
import com.platformeconomy.platform.security.Ownership;
import com.platformeconomy.contracts.identity.Roles;
import com.platformeconomy.revenue.config.RevenueConfig;
import com.platformeconomy.revenue.node.NodeOwners;
import com.platformeconomy.revenue.stream.RollupWriter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import jakarta.validation.Valid;
import org.jboss.logging.Logger;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Compute a node spent in a period: its weight in that period's infrastructure pool. A report
 * replaces the node's figure for the period (nodes report their running total, so a retried report
 * changes nothing); a period already distributed takes no more reports (409).
 *
 * <p>SPEC §10 "Nodes have owners": a report is bound to the node's owner as settlement-service
 * registered it. Its account must be the operator that owned the node at the period's end (a node
 * moved after a month ended leaves that month with its former owner) and its tier the node's tier
 * (409 otherwise), and an operator reports only its own nodes: the infrastructure share of a node
 * goes to whoever owned it at the month's end, never to whoever reports first; a figure of an
 * operator that lost the node within the month is replaced by its owner's report. compute_units are bounded per tier
 * ({@code revenue.max-compute-units-regional} / {@code -central}).
 */
@Path("/api/revenue/compute-reports")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "compute-reports", description = "Compute a node spent in a period: its weight in that period's 9% infrastructure pool.")
public class ComputeReportResource {

    private static final Logger LOG = Logger.getLogger(ComputeReportResource.class);

    static final String REPORT = """
            {"node_id": "node-eu-1", "account": "node-op:n1", "tier": "regional", "compute_units": 1200, "period": "2026-11"}""";
    static final String STORED = """
            {"node_id": "node-eu-1", "account": "node-op:n1", "tier": "regional", "compute_units": 1200, "period": "2026-11",
             "confirmed": false}""";

    /** A report as stored: {@code confirmed} when an admin confirmed this figure (only then does it weigh). */
    public record StoredComputeReport(String nodeId, String account, String tier, long computeUnits, String period,
                                      boolean confirmed) {
        static StoredComputeReport of(ComputeReport report, boolean confirmed) {
            return new StoredComputeReport(report.nodeId(), report.account(), report.tier(), report.computeUnits(),
                    report.period(), confirmed);
        }
    }

    public record ComputeReport(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}", message = "must be 1-128 letters, digits or :._@-") String nodeId,
            @NotBlank @Pattern(regexp = AccountIds.NODE_OPERATOR, message = AccountIds.NODE_OPERATOR_MESSAGE) String account,
            @NotBlank @Pattern(regexp = "regional|central", message = "must be regional or central") String tier,
            @NotNull @Positive Long computeUnits,
            @NotBlank @Pattern(regexp = Period.PATTERN, message = "must be a month written YYYY-MM") String period) {
    }

    // Shared with roll-up writers, exclusive for a distribution: a report either lands before the
    // period's distribution reads the weights or sees the period distributed.
    private static final String SHARE_LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock_shared(:key)) AS locked";
    private static final String DISTRIBUTED = "SELECT count(*) FROM distribution_period WHERE period = :period";
    private static final String NOT_THE_OWNERS = """
            DELETE FROM compute_report WHERE period = :period AND node_id = :node AND account <> :account""";
    /*
     * An admin's report is confirmed as written; an operator's is a claim, and stays confirmed only
     * when it repeats the confirmed figure. The account never changes here: a concurrent first report
     * for another account (an admin moved the node meanwhile) updates nothing and is refused.
     */
    private static final String UPSERT = """
            INSERT INTO compute_report (period, node_id, account, tier, compute_units, confirmed_by, confirmed_at)
            VALUES (:period, :node, :account, :tier, :units, CAST(:confirmer AS VARCHAR(128)),
                    CASE WHEN CAST(:confirmer AS VARCHAR(128)) IS NULL THEN NULL ELSE now() END)
            ON CONFLICT (period, node_id) DO UPDATE
            SET tier = EXCLUDED.tier, compute_units = EXCLUDED.compute_units, reported_at = now(),
                confirmed_by = CASE WHEN EXCLUDED.confirmed_by IS NOT NULL THEN EXCLUDED.confirmed_by
                                    WHEN compute_report.tier = EXCLUDED.tier AND compute_report.compute_units = EXCLUDED.compute_units
                                    THEN compute_report.confirmed_by END,
                confirmed_at = CASE WHEN EXCLUDED.confirmed_by IS NOT NULL THEN EXCLUDED.confirmed_at
                                    WHEN compute_report.tier = EXCLUDED.tier AND compute_report.compute_units = EXCLUDED.compute_units
                                    THEN compute_report.confirmed_at END
            WHERE compute_report.account = EXCLUDED.account
            RETURNING confirmed_at IS NOT NULL""";

    private final RevenueConfig config;
    private final SecurityIdentity caller;
    private final NodeOwners owners;

    public ComputeReportResource(RevenueConfig config, SecurityIdentity caller, NodeOwners owners) {
        this.config = config;
        this.caller = caller;
        this.owners = owners;
    }

    /** Admin, or the operator whose account it is. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(operationId = "reportCompute", summary = "Report the compute a node spent in a period",
            description = "Sets the node's compute for the period (a month, `YYYY-MM`, from 2000-01 to the current month: 400 "
                    + "`invalid_period` otherwise): "
                    + "its weight in that period's infrastructure pool (9% of gross), shared among nodes in proportion to "
                    + "compute spent, by largest remainder. A report replaces the node's figure for the period (nodes report "
                    + "their running total), so sending it again changes nothing and answers the same. An operator reports "
                    + "only for its own `account` (403), an admin for any. An operator's figure is a claim (`confirmed` "
                    + "false) and weighs in the pool only once an admin has confirmed it by reporting the figure (SPEC §10; an "
                    + "admin's report for its own account is a claim too, for another admin to confirm); "
                    + "an operator's change of a confirmed figure makes it a claim again. The report is bound to the node's owner as "
                    + "settlement-service registered it: 404 `unknown_node` for an unregistered node, 409 "
                    + "`node_owner_mismatch` when `account` is not the operator that owned it at the period's end (now, for the month "
                    + "under way; a node moved after a month ended leaves that month with its former owner), 409 `node_tier_mismatch` when `tier` is not its "
                    + "tier (the month's figure of an operator that lost the node within it is replaced by its owner's report; 409 "
                    + "`node_account_change` only for a report racing an admin's move), 503 "
                    + "`node_registry_unavailable` (retry later) when settlement-service does not answer. `compute_units` are "
                    + "bounded per tier (400 `compute_units_too_large`); a period already distributed takes no more reports "
                    + "(409 `period_distributed`).",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_field invalid_period compute_units_too_large "
                    + "unknown_node node_owner_mismatch node_tier_mismatch node_account_change period_distributed node_registry_unavailable"))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ComputeReport.class),
            examples = @ExampleObject(name = "regional-node", summary = "A regional node's 1200 units for November", value = REPORT)))
    @APIResponse(responseCode = "200", description = "The report as stored, and whether an admin confirmed its figure.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StoredComputeReport.class),
                    examples = @ExampleObject(name = "stored", value = STORED)))
    public Uni<StoredComputeReport> report(@Valid @NotNull ComputeReport report) {
        Ownership.requireOwnerOrPrivileged(caller, report.account());
        long limit = Math.min(config.maxComputeUnits(),
                "central".equals(report.tier()) ? config.maxComputeUnitsCentral() : config.maxComputeUnitsRegional());
        if (report.computeUnits() > limit) {
            throw new ApiException(ErrorCode.COMPUTE_UNITS_TOO_LARGE,
                    "compute_units of a " + report.tier() + " node may be at most " + limit + " per period.");
        }
        Period period = Period.parse(report.period(), "period");
        if (period.start().isAfter(java.time.LocalDate.now(java.time.ZoneOffset.UTC))) {
            // Reported ahead, a figure would stay with the node's owner of today after an admin moved it.
            throw new ApiException(ErrorCode.INVALID_PERIOD, "period " + period.id() + " has not begun: report compute "
                    + "for this month or an earlier one.");
        }
        // Asked before the transaction: no database connection is held while settlement-service answers.
        return owners.of(report.nodeId()).onFailure().transform(NodeOwners::asProblem).chain(owner -> {
            // The month is its owner's at the month's end (now, for the month under way): a node moved after
            // a month ended leaves that month with its former owner, whom the new owner never displaces.
            java.time.Instant monthEnd = period.end().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            java.time.Instant now = java.time.Instant.now();
            String monthsOwner = owner.ownerBefore(monthEnd.isBefore(now) ? monthEnd : now);
            if (!report.account().equals(monthsOwner)) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.NODE_OWNER_MISMATCH, "Node " + report.nodeId()
                        + "'s compute for " + period.id() + " is reported for the operator that owned it at the month's end only."));
            }
            if (!report.tier().equals(owner.nodeTier())) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.NODE_TIER_MISMATCH, "Node " + report.nodeId()
                        + " is registered as " + owner.nodeTier() + ", not " + report.tier() + "."));
            }
            return Panache.withTransaction(() -> store(report, period));
        });
    }

    private static final String LIST = """
            SELECT node_id, account, tier, compute_units, CAST(period AS TEXT), confirmed_at IS NOT NULL FROM compute_report
            WHERE period = :period ORDER BY node_id""";

    /** The period's reports, for an admin: which figures weigh, which are claims awaiting confirmation. */
    @GET
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "listComputeReports", summary = "List a period's compute reports",
            description = "Every node's figure for the period (a month, `YYYY-MM`; 400 `invalid_period` otherwise), ordered by "
                    + "node, with `confirmed`: only confirmed figures weigh in the infrastructure pool; an operator's claim "
                    + "is confirmed by an admin reporting the figure.",
            extensions = @Extension(name = "x-problem-codes", value = "invalid_period"))
    @APIResponse(responseCode = "200", description = "The period's reports.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                            implementation = StoredComputeReport.class),
                    examples = @ExampleObject(name = "one-claim", value = "[" + STORED + "]")))
    public Uni<List<StoredComputeReport>> list(
            @Parameter(description = "The month, YYYY-MM.", required = true) @QueryParam("period") String periodText) {
        Period period = Period.parse(periodText, "period");
        return Panache.withSession(() -> Panache.getSession().chain(session -> session.createNativeQuery(LIST, Object[].class)
                .setParameter("period", period.id()).getResultList()))
                .map(rows -> rows.stream().map(row -> new StoredComputeReport((String) row[0], (String) row[1], (String) row[2],
                        ((Number) row[3]).longValue(), ((String) row[4]).trim(), Boolean.TRUE.equals(row[5]))).toList());
    }

    private Uni<StoredComputeReport> store(ComputeReport report, Period period) {
        // SPEC §10, four eyes: an admin's figure confirms, but never for the admin's own account.
        String confirmer = Ownership.isPrivileged(caller) && !caller.getPrincipal().getName().equals(report.account())
                ? caller.getPrincipal().getName() : null;
        return Panache.getSession().chain(session -> session.createNativeQuery(SHARE_LOCK)
                .setParameter("key", RollupWriter.DISTRIBUTION_LOCK).getSingleResult()
                .chain(() -> session.createNativeQuery(DISTRIBUTED).setParameter("period", period.id()).getSingleResult())
                .chain(count -> {
                    if (((Number) count).longValue() > 0) {
                        return Uni.createFrom().failure(new ApiException(ErrorCode.PERIOD_DISTRIBUTED,
                                "Period " + period.id() + " was already distributed."));
                    }
                    // The report's account owned the node at the month's end (checked against the registry): a
                    // figure of another account for the month is of an operator that lost the node within it.
                    return session.createNativeQuery(NOT_THE_OWNERS)
                            .setParameter("period", period.id())
                            .setParameter("node", report.nodeId())
                            .setParameter("account", report.account())
                            .executeUpdate()
                            .invoke(removed -> {
                                if (removed > 0) {
                                    LOG.warnf("node %s's compute for %s was reported for an operator that did not own it at the "
                                            + "month's end; replaced by %s's", report.nodeId(), period.id(), report.account());
                                }
                            })
                            .chain(() -> session.createNativeQuery(UPSERT, Boolean.class)
                            .setParameter("period", period.id())
                            .setParameter("node", report.nodeId())
                            .setParameter("account", report.account())
                            .setParameter("tier", report.tier())
                            .setParameter("units", report.computeUnits())
                            .setParameter("confirmer", confirmer)
                            .getResultList())
                            .map(confirmed -> {
                                if (confirmed.isEmpty()) {
                                    throw new ApiException(ErrorCode.NODE_ACCOUNT_CHANGE, "Node " + report.nodeId()
                                            + "'s compute for " + period.id() + " was reported for another account; it is not moved.");
                                }
                                return StoredComputeReport.of(report, Boolean.TRUE.equals(confirmed.get(0)));
                            });
                }));
    }
}
