package com.platformeconomy.contracts.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void aUuidV7CarriesItsCreationTime() {
        Instant at = Instant.parse("2026-11-24T07:00:00.123Z");
        String id = EventIds.uuidV7(at).toString();

        assertThat(EventIds.timeOf(id)).contains(at);
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
    }

    @Test
    void idsMadeLaterSortLater() {
        String earlier = EventIds.uuidV7(Instant.parse("2026-11-24T07:00:00Z")).toString();
        String later = EventIds.uuidV7(Instant.parse("2026-11-24T07:00:01Z")).toString();
        assertThat(earlier.compareTo(later)).isNegative();
    }

    @Test
    void otherIdsHaveNoTime() {
        assertThat(EventIds.timeOf(UUID.randomUUID().toString())).isEmpty();
        assertThat(EventIds.timeOf("evt-1")).isEmpty();
        assertThat(EventIds.timeOf(EventIds.uuidV7().toUpperCase())).isEmpty();
    }
}
