package dev.strangler.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.gateway.routing.Pin;
import dev.strangler.gateway.routing.Target;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PinsTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void aFloodOfNewCallersEvictsTheOldestPinsAndNeverUnpinsEveryone() {
        Pins pins = new Pins();
        int callers = 2 * Pins.MAX_PINS;

        for (int i = 0; i < callers; i++) {
            pins.pin(caller(i), Target.MONOLITH, null, WINDOW);
            if (i >= Pins.MAX_PINS && i % 10_000 == 0) {
                assertThat(pins.size()).as("pins after %d writers", i + 1).isEqualTo(Pins.MAX_PINS);
            }
        }

        assertThat(pins.size()).isEqualTo(Pins.MAX_PINS);
        assertThat(pins.get(caller(callers - 1)))
                .as("the newest writer is pinned")
                .isNotNull();
        assertThat(pins.get(caller(callers - Pins.MAX_PINS)))
                .as("so is the oldest of the last %d", Pins.MAX_PINS)
                .isNotNull();
        assertThat(pins.get(caller(callers - Pins.MAX_PINS - 1)))
                .as("an older writer made room")
                .isNull();
    }

    @Test
    void anExpiredPinMakesRoomBeforeALiveOne() throws Exception {
        Pins pins = new Pins();
        pins.pin(caller(-1), Target.MONOLITH, null, WINDOW);
        pins.pin(caller(-2), Target.MONOLITH, null, Duration.ofMillis(1));
        Thread.sleep(5);

        for (int i = 0; i < Pins.MAX_PINS - 1; i++) {
            pins.pin(caller(i), Target.MONOLITH, null, WINDOW);
        }

        assertThat(pins.size()).isEqualTo(Pins.MAX_PINS);
        assertThat(pins.get(caller(-1)))
                .as("the oldest pin is still live: the expired one made room")
                .isNotNull();
    }

    private static String caller(int i) {
        return Pin.callerOf("header:X-Device-Id=device-" + i);
    }
}
