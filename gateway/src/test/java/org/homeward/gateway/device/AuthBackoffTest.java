package org.homeward.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.homeward.gateway.ingest.DeviceRateLimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Back-off periods grow, cap and are forgiven; the per-device token bucket refills at its rate. */
@Timeout(10)
class AuthBackoffTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };

    @Test
    void periodsDoubleUpToTheMaximumAndASuccessClearsThem() throws Exception {
        AuthBackoff b = new AuthBackoff(3, Duration.ofSeconds(1), Duration.ofSeconds(5), 100, clock);
        InetAddress a = InetAddress.getByName("192.0.2.7");
        InetAddress other = InetAddress.getByName("192.0.2.8");
        assertThat(b.failed(a)).isZero();
        assertThat(b.failed(a)).isZero();
        assertThat(b.blockedMillis(a)).isZero();
        assertThat(b.failed(a)).isEqualTo(1_000);
        assertThat(b.blockedMillis(a)).isEqualTo(1_000);
        assertThat(b.blockedMillis(other)).isZero();
        assertThat(b.failed(a)).isEqualTo(2_000);
        assertThat(b.failed(a)).isEqualTo(4_000);
        assertThat(b.failed(a)).isEqualTo(5_000);
        for (int i = 0; i < 40; i++) {
            assertThat(b.failed(a)).isEqualTo(5_000);
        }
        now.addAndGet(5_001);
        assertThat(b.blockedMillis(a)).isZero();
        b.succeeded(a);
        assertThat(b.failed(a)).isZero();
    }

    @Test
    void aQuietAddressIsForgivenAndTheTableIsBounded() throws Exception {
        AuthBackoff b = new AuthBackoff(2, Duration.ofSeconds(1), Duration.ofSeconds(10), 2, clock);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        b.failed(a);
        now.addAndGet(10_001);
        assertThat(b.failed(a)).as("the earlier failure is forgotten").isZero();
        b.failed(InetAddress.getByName("192.0.2.2"));
        b.failed(InetAddress.getByName("192.0.2.2"));             // blocked, so not evictable
        assertThat(b.tracked()).isEqualTo(2);
        now.addAndGet(3_000);
        b.failed(InetAddress.getByName("192.0.2.3"));             // evicts the quiet 192.0.2.1
        assertThat(b.tracked()).isLessThanOrEqualTo(2);
        assertThat(AuthBackoff.NONE.failed(a)).isZero();
    }

    @Test
    void theTokenBucketAllowsTheBurstThenTheRate() {
        DeviceRateLimiter r = new DeviceRateLimiter(2, 3, clock);
        assertThat(r.tryAcquire("d")).isTrue();
        assertThat(r.tryAcquire("d")).isTrue();
        assertThat(r.tryAcquire("d")).isTrue();
        assertThat(r.tryAcquire("d")).isFalse();
        assertThat(r.tryAcquire("other")).isTrue();
        now.addAndGet(500);                                       // 2/s: one token back
        assertThat(r.tryAcquire("d")).isTrue();
        assertThat(r.tryAcquire("d")).isFalse();
        now.addAndGet(60_000);                                    // never more than the burst
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            granted += r.tryAcquire("d") ? 1 : 0;
        }
        assertThat(granted).isEqualTo(3);
        assertThat(DeviceRateLimiter.UNLIMITED.tryAcquire("d")).isTrue();
    }
}
