package com.platformeconomy.platform.migration;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

/**
 * Migrates the service's database with Flyway when the service starts: in a start-up observer of
 * the first priority, so before the Kafka consumers start (SmallRye Reactive Messaging starts them
 * at priority 1000) and before Quarkus opens the HTTP socket (once every start-up observer has
 * returned). The scheduler starts at the same priority; a relay that polls before the very first
 * migration of an empty database has finished finds no table, logs it and polls again. A migration
 * that fails stops the service.
 *
 * <p>Flyway speaks JDBC; the services speak to PostgreSQL reactively. Flyway gets one plain JDBC
 * connection for the migration, instead of quarkus-flyway's Agroal pool, which brought Narayana
 * JTA, a JDBC health check and a second, blocking Hibernate persistence unit, built at every start
 * and never used (issue #18; bench/README.md, "no JDBC pool"). Between replicas starting together,
 * Flyway's PostgreSQL advisory lock lets one migrate at a time; the others then find the schema up
 * to date.
 */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class);

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final List<String> locations;

    Migrations(@ConfigProperty(name = "pes.migrations.jdbc-url") String jdbcUrl,
               @ConfigProperty(name = "quarkus.datasource.username") String username,
               @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
               @ConfigProperty(name = "pes.migrations.locations") List<String> locations) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password.orElse("");
        this.locations = locations;
    }

    void migrateAtStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start) {
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(jdbcUrl, username, password)
                .locations(locations.toArray(String[]::new))
                .load()
                .migrate();
        LOG.infof("database %s: schema version %s (%d migration(s) applied now)", result.database,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }
}
