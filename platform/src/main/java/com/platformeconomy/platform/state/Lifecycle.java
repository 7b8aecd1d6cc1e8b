package com.platformeconomy.platform.state;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A life cycle state as an enum that owns its allowed transitions: each constant names its wire
 * string (the exact text in DB rows and JSON) and the states it may move to, written once in
 * {@link #next()}. Code asks {@link #canMoveTo} or calls {@link #moveTo}, which throws
 * {@link ForbiddenTransition} on a move the life cycle does not allow; callers that answer a
 * forbidden move with an HTTP status check {@code canMoveTo} first and keep their own answer.
 */
public interface Lifecycle<S extends Enum<S> & Lifecycle<S>> {

    /** The state as stored and sent: DB column, JSON field, event payload. */
    String wire();

    /** The states this one may move to; empty for a final state. */
    Set<S> next();

    default boolean canMoveTo(S to) {
        return next().contains(to);
    }

    /** {@code to}, if this state may move there; {@link ForbiddenTransition} otherwise. */
    default S moveTo(S to) {
        if (!canMoveTo(to)) {
            throw new ForbiddenTransition(wire(), to.wire());
        }
        return to;
    }

    default boolean isFinal() {
        return next().isEmpty();
    }

    /** The state whose wire string is {@code wire}; IllegalArgumentException for an unknown one. */
    static <S extends Enum<S> & Lifecycle<S>> S of(Class<S> type, String wire) {
        for (S state : type.getEnumConstants()) {
            if (state.wire().equals(wire)) {
                return state;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName() + " " + wire);
    }

    /** The states that may move to {@code to}, in declaration order. */
    static <S extends Enum<S> & Lifecycle<S>> Set<S> sources(Class<S> type, S to) {
        return Arrays.stream(type.getEnumConstants()).filter(s -> s.canMoveTo(to))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(type)));
    }

    /** A move the life cycle does not allow: a bug in the caller, or a race it lost. */
    final class ForbiddenTransition extends IllegalStateException {

        public ForbiddenTransition(String from, String to) {
            super("a state " + from + " cannot become " + to);
        }
    }
}
