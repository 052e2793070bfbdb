package org.homeward.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.homeward.gateway.app.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Signed sessions (cluster mode): two nodes' session tables with the same master key, one with another key. */
@Timeout(10)
class ClusterSessionsTest {
    private final SessionsTest.MutableClock clock = new SessionsTest.MutableClock();
    private final byte[] masterKey = key();
    private final Sessions nodeA = sessions(masterKey);
    private final Sessions nodeB = sessions(masterKey);
    private final User nurse = new User("nurse1", User.NURSE, "cred-1");

    private Sessions sessions(byte[] key) {
        return new Sessions(Duration.ofHours(12), Duration.ofMinutes(60), 100, clock, new SessionTokens(key));
    }

    private static byte[] key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    @Test
    void aSessionStartedOnNodeAIsTakenOverByNodeBWithTheSameUserAndCsrfToken() {
        Sessions.Session a = nodeA.create(nurse).orElseThrow();
        clock.advance(Duration.ofMinutes(30));

        Sessions.Session b = nodeB.find(a.token, true).orElseThrow();
        assertThat(b.user).isEqualTo(nurse);
        assertThat(b.csrfToken).isEqualTo(a.csrfToken);
        assertThat(b.expiresAtMillis).isEqualTo(a.expiresAtMillis);
        assertThat(sessions(key()).find(a.token, true)).as("a node with another master key").isEmpty();
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = nodeA.create(nurse).orElseThrow().token;
        String[] f = token.split("\\.");
        String asAdmin = f[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString("admin".getBytes()) + "."
                + f[2] + "." + f[3] + "." + f[4] + "." + f[5];
        String later = f[0] + "." + f[1] + "." + f[2] + "." + (Long.parseLong(f[3]) + 86_400_000L) + "." + f[4] + "." + f[5];

        assertThat(nodeB.find(asAdmin, true)).as("role changed").isEmpty();
        assertThat(nodeB.find(later, true)).as("expiry moved").isEmpty();
        assertThat(nodeB.find(token.substring(0, token.length() - 2), true)).as("signature cut").isEmpty();
        assertThat(nodeB.find("garbage", true)).isEmpty();
        assertThat(nodeB.find(token, true)).as("the untouched token").isPresent();
    }

    @Test
    void anExpiredTokenIsRefusedOnEveryNode() {
        String token = nodeA.create(nurse).orElseThrow().token;
        for (int i = 0; i < 13; i++) { // used every 59 min on A, 12 h absolute expiry
            clock.advance(Duration.ofMinutes(59));
            nodeA.find(token, true);
        }
        assertThat(nodeA.find(token, true)).isEmpty();
        assertThat(nodeB.find(token, true)).isEmpty();
    }

    @Test
    void aUserNoLongerCurrentIsRefusedEvenWithAValidToken() {
        String token = nodeA.create(nurse).orElseThrow().token;
        nodeB.endWhenNotCurrent(u -> !u.name().equals("nurse1")); // disabled in the shared registry

        assertThat(nodeB.find(token, true)).isEmpty();
    }

    @Test
    void logoutEndsTheSessionOnTheNodeThatServedItAndItIsNotTakenOverThereAgain() {
        String token = nodeA.create(nurse).orElseThrow().token;
        nodeA.end(token);

        assertThat(nodeA.find(token, true)).isEmpty();
        // the documented limit: another node still accepts the token until its expiry (the browser's cookie is cleared)
        assertThat(nodeB.find(token, true)).isPresent();
    }
}
