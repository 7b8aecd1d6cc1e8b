package com.platformeconomy.settlement.settlement;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Runs settlement every {@code settlement.interval} (seeds/001: "settle_metered_api_costs() runs periodically"). */
@ApplicationScoped
public class SettlementScheduler {

    private static final Logger LOG = Logger.getLogger(SettlementScheduler.class);

    private final SettlementService settlement;

    public SettlementScheduler(SettlementService settlement) {
        this.settlement = settlement;
    }

    @Scheduled(identity = "settlement", every = "${settlement.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> settle() {
        return settlement.run()
                .invoke(result -> {
                    if (result.settledCount() > 0 || result.writtenOff() > 0) {
                        LOG.infof("scheduled settlement: %s", result);
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("scheduled settlement failed, will run again: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
