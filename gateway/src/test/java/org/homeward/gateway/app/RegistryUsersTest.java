package org.homeward.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.homeward.gateway.audit.AuditLog;
import org.homeward.gateway.device.FileDeviceDirectory;
import org.homeward.gateway.device.PasswordHasher;
import org.homeward.gateway.device.RegistryAdmin;
import org.homeward.gateway.device.RegistryData;
import org.homeward.gateway.device.RegistryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password reset made by the command line (not the API) ends the user's sessions when the gateway
 * next reads the registry. Four slow KDF runs (one per password set or checked); the other user is
 * written by hand so it costs none.
 */
@Timeout(120)
class RegistryUsersTest {
    @TempDir
    Path dir;

    @Test
    void aPasswordResetByTheCommandLineMakesTheSignedInUserNoLongerCurrent() {
        Clock clock = Clock.systemUTC();
        RegistryStore store = new RegistryStore(dir);
        RegistryAdmin admin = new RegistryAdmin(store, new AuditLog(dir.resolve("audit/audit.log")), clock);
        admin.addUser("nurse5", "nurse", "first-password".toCharArray(), "test");
        RegistryData.User otherRecord = new RegistryData.User("nurse6", "nurse", "c2FsdA", "aGFzaA", 1, 0);
        store.update(d -> {
            List<RegistryData.User> all = new ArrayList<>(d.users());
            all.add(otherRecord);
            return new RegistryData(d.patients(), d.devices(), all);
        });
        FileDeviceDirectory directory = new FileDeviceDirectory(store);
        RegistryUsers users = new RegistryUsers(directory, clock);

        User signedIn = users.verify("nurse5", "first-password".toCharArray()).orElseThrow();
        User other = new User("nurse6", "nurse", RegistryUsers.credential(otherRecord));
        assertThat(signedIn.credential()).isNotEmpty();
        assertThat(signedIn.toString()).doesNotContain(signedIn.credential());
        assertThat(users.isCurrent(signedIn)).isTrue();
        assertThat(users.isCurrent(other)).isTrue();
        assertThat(users.isCurrent(new User("nurse5", "admin", signedIn.credential()))).as("other role").isFalse();

        // what `homeward users password --user nurse5` runs; the gateway sees it when it re-reads the registry
        // (every registry.poll-interval; reload() here, as a coarse file clock could hide the change from refresh())
        admin.users().resetPassword("nurse5", "second-password".toCharArray(), "cli");
        assertThat(users.isCurrent(signedIn)).as("not re-read yet").isTrue();
        directory.reload();

        assertThat(users.isCurrent(signedIn)).as("password reset").isFalse();
        assertThat(users.isCurrent(other)).as("another user's sessions stay").isTrue();
        assertThat(users.isCurrent(new User("nurse5", "nurse"))).as("no fingerprint: role and state only").isTrue();
        User again = users.verify("nurse5", "second-password".toCharArray()).orElseThrow();
        assertThat(again.credential()).isNotEqualTo(signedIn.credential());
        assertThat(users.isCurrent(again)).isTrue();
    }

    @Test
    void givenAnUnknownOrDisabledUser_whenSigningIn_thenTheSlowKdfRunsAsOftenAsForAWrongPassword() {
        Clock clock = Clock.systemUTC();
        RegistryStore store = new RegistryStore(dir);
        RegistryAdmin admin = new RegistryAdmin(store, new AuditLog(dir.resolve("audit/audit.log")), clock);
        admin.addUser("nurse7", "nurse", "right-password".toCharArray(), "test");
        admin.addUser("nurse8", "nurse", "other-password".toCharArray(), "test");
        admin.users().setDisabled("nurse8", true, "test");
        List<Integer> iterations = new ArrayList<>();
        RegistryUsers users = new RegistryUsers(new FileDeviceDirectory(store), clock, (record, password) -> {
            iterations.add(record.iterations());
            return PasswordHasher.verify(record, password);
        });

        assertThat(users.verify("nurse7", "wrong-password".toCharArray())).isEmpty();
        assertThat(users.verify("no-such-user", "wrong-password".toCharArray())).isEmpty();
        assertThat(users.verify("nurse8", "other-password".toCharArray())).as("disabled").isEmpty();

        assertThat(iterations).as("one full-cost KDF run per refusal, known name or not")
                .containsExactly(PasswordHasher.ITERATIONS, PasswordHasher.ITERATIONS, PasswordHasher.ITERATIONS);
        assertThat(users.isKnown("nurse7")).isTrue();
        assertThat(users.isKnown("nurse8")).isTrue();
        assertThat(users.isKnown("Summer2024!")).isFalse();
    }
}
