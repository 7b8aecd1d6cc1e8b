package com.platformeconomy.revenue.distribution;

import com.platformeconomy.contracts.problem.ApiException;
import com.platformeconomy.contracts.security.Ownership;
import com.platformeconomy.contracts.security.Roles;
import com.platformeconomy.revenue.config.RevenueConfig;
import com.platformeconomy.revenue.stream.RollupWriter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Compute a node spent in a period: its weight in that period's infrastructure pool. A report
 * replaces the node's figure for the period (nodes report their running total, so a retried report
 * changes nothing); a period already distributed takes no more reports (409).
 */
@Path("/api/revenue/compute-reports")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ComputeReportResource {

    public record ComputeReport(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}", message = "must be 1-128 letters, digits or :._@-") String nodeId,
            @NotBlank @Pattern(regexp = "node-op:[A-Za-z0-9][A-Za-z0-9._@-]{0,119}", message = "must be a node operator account (node-op:...)") String account,
            @NotBlank @Pattern(regexp = "regional|central", message = "must be regional or central") String tier,
            @NotNull @Positive Long computeUnits,
            @NotBlank @Pattern(regexp = Period.PATTERN, message = "must be a month written YYYY-MM") String period) {
    }

    // Shared with roll-up writers, exclusive for a distribution: a report either lands before the
    // period's distribution reads the weights or sees the period distributed.
    private static final String SHARE_LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock_shared(:key)) AS locked";
    private static final String DISTRIBUTED = "SELECT count(*) FROM distribution_period WHERE period = :period";
    private static final String UPSERT = """
            INSERT INTO compute_report (period, node_id, account, tier, compute_units)
            VALUES (:period, :node, :account, :tier, :units)
            ON CONFLICT (period, node_id) DO UPDATE
            SET account = EXCLUDED.account, tier = EXCLUDED.tier, compute_units = EXCLUDED.compute_units, reported_at = now()""";

    private final RevenueConfig config;
    private final SecurityIdentity caller;

    public ComputeReportResource(RevenueConfig config, SecurityIdentity caller) {
        this.config = config;
        this.caller = caller;
    }

    /** Admin, service, or the operator whose account it is. */
    @POST
    @RolesAllowed({Roles.ADMIN, Roles.SERVICE, Roles.OPERATOR})
    @WithTransaction
    public Uni<ComputeReport> report(@Valid @NotNull ComputeReport report) {
        Ownership.requireOwnerOrPrivileged(caller, report.account());
        if (report.computeUnits() > config.maxComputeUnits()) {
            throw ApiException.badRequest("compute_units_too_large",
                    "compute_units may be at most " + config.maxComputeUnits() + ".");
        }
        Period period = Period.parse(report.period(), "period");
        return Panache.getSession().chain(session -> session.createNativeQuery(SHARE_LOCK)
                .setParameter("key", RollupWriter.DISTRIBUTION_LOCK).getSingleResult()
                .chain(() -> session.createNativeQuery(DISTRIBUTED).setParameter("period", period.id()).getSingleResult())
                .chain(count -> {
                    if (((Number) count).longValue() > 0) {
                        return Uni.createFrom().failure(ApiException.conflict("period_distributed",
                                "Period " + period.id() + " was already distributed."));
                    }
                    return session.createNativeQuery(UPSERT)
                            .setParameter("period", period.id())
                            .setParameter("node", report.nodeId())
                            .setParameter("account", report.account())
                            .setParameter("tier", report.tier())
                            .setParameter("units", report.computeUnits())
                            .executeUpdate();
                })).replaceWith(report);
    }
}
