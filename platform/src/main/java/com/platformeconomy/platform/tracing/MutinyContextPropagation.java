package com.platformeconomy.platform.tracing;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Mutiny's callback decorators off (issue #18): quarkus-mutiny brings SmallRye Context Propagation,
 * whose decorator wraps every callback of every Uni and Multi to capture and restore the thread
 * contexts of its providers. With ArC's provider off ({@code quarkus.arc.context-propagation.enabled}),
 * the one left is OpenTelemetry's, and Quarkus keeps the OpenTelemetry context in the Vert.x
 * duplicated context where every chain of a request or a consumer runs, so the wrapping carries
 * nothing the chain does not already see; it was 7–9 % of the wallet's samples on the charge route
 * (bench/README "Cost per charge"). The traces stay whole: ChargeTraceTest, OneChargeTraceTest.
 * <p>
 * Mutiny reads its own switch ({@code -Dmutiny.disableCallBackDecorators=true}) only from a JVM flag,
 * so the decorators are cleared here, first thing at start, for every chain built after it: in every
 * service, in the tests, and in any container, with no flag to forget. {@code
 * pes.mutiny.context-propagation=true} keeps them.
 */
@ApplicationScoped
public class MutinyContextPropagation {

    private static final Logger LOG = Logger.getLogger(MutinyContextPropagation.class);

    void clear(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start,
               @ConfigProperty(name = "pes.mutiny.context-propagation", defaultValue = "false") boolean keep) {
        if (keep) {
            // Mutiny's state is the JVM's: an earlier start in it (a test profile, a live reload) may have cleared them.
            Infrastructure.reloadCallbackDecorators();
            return;
        }
        // Clears the Uni and Multi interceptors too: put back those found on the class path (none today).
        Infrastructure.clearInterceptors();
        Infrastructure.reloadUniInterceptors();
        Infrastructure.reloadMultiInterceptors();
        LOG.debug("Mutiny's callback decorators (context propagation) cleared");
    }
}
