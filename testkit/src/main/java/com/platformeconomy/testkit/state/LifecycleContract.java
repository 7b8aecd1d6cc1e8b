package com.platformeconomy.testkit.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.platformeconomy.platform.state.Lifecycle;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What every life cycle enum must show: exactly today's wire strings, read back by its lookup; every
 * move in {@code allowed} allowed; and every other move of the n × n refused with
 * {@link Lifecycle.ForbiddenTransition} naming both states.
 */
public final class LifecycleContract {

    private LifecycleContract() {
    }

    public static <S extends Enum<S> & Lifecycle<S>> void holds(Class<S> type, Function<String, S> lookup,
                                                                Map<S, String> wires, List<List<S>> allowed) {
        S[] states = type.getEnumConstants();
        assertThat(wires).as("a wire string for every %s", type.getSimpleName()).hasSize(states.length);
        wires.forEach((state, wire) -> {
            assertThat(state.wire()).isEqualTo(wire);
            assertThat(lookup.apply(wire)).isSameAs(state);
        });
        assertThatThrownBy(() -> lookup.apply("no_such_state")).isInstanceOf(IllegalArgumentException.class);
        for (S from : states) {
            for (S to : states) {
                boolean expected = allowed.contains(List.of(from, to));
                assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(expected);
                if (expected) {
                    assertThat(from.moveTo(to)).isSameAs(to);
                } else {
                    assertThatThrownBy(() -> from.moveTo(to)).isInstanceOf(Lifecycle.ForbiddenTransition.class)
                            .hasMessageContaining(from.wire()).hasMessageContaining(to.wire());
                }
            }
        }
    }
}
