package com.platformeconomy.wallet.topup;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failure injection for the top-up saga and its sandbox gateway, so that every failure point can
 * be tested: a step told to fail throws once, as a crash or an outage there would. Nothing sets
 * these outside tests.
 */
@ApplicationScoped
public class SagaFaults {

    public enum Point {
        /** The sandbox declines to create the payment. */
        CREATE,
        /** The process dies right after the sandbox created the payment, before the saga wrote it down. */
        AFTER_CREATE,
        /** The wallet cannot be credited. */
        CREDIT,
        /** The wallet's store is away for now: the credit fails as a refused Redis connection would. */
        CREDIT_UNAVAILABLE,
        /** The sandbox refuses the refund. */
        REFUND
    }

    private final Set<Point> armed = ConcurrentHashMap.newKeySet();

    public void failNext(Point point) {
        armed.add(point);
    }

    /** Throws once if {@code point} was armed. */
    void trip(Point point) {
        if (tripped(point)) {
            throw new InjectedFault(point, null);
        }
        if (point == Point.CREDIT && tripped(Point.CREDIT_UNAVAILABLE)) {
            throw new InjectedFault(Point.CREDIT_UNAVAILABLE, new java.net.ConnectException("Connection refused (injected)"));
        }
    }

    /** Whether {@code point} was armed; disarms it. */
    boolean tripped(Point point) {
        return armed.remove(point);
    }

    /** A failure a test asked for. */
    public static final class InjectedFault extends RuntimeException {
        InjectedFault(Point point, Throwable cause) {
            super("injected failure at " + point, cause);
        }
    }
}
