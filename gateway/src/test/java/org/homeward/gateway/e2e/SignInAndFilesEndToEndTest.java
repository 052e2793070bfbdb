package org.homeward.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, sign-in without leaks: a password typed into the user field (shaped like a user name)
 * is not written to the audit trail as the actor, and everything the gateway creates in its data
 * directory is owner-only (files 0600, directories 0700), not 0644.
 */
@Timeout(120)
class SignInAndFilesEndToEndTest {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path dir;

    @Test
    void givenAPasswordTypedAsUserName_thenTheAuditActorIsAPlaceholder_andTheDataDirectoryIsOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        try (GatewayFixture gw = new GatewayFixture(data)) {
            gw.patient("p-files");
            gw.device("d-files", "p-files", "patch");
            gw.start(Map.of());

            // when: someone types their password (it looks like a user name) into the user field
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gw.port("http") + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=Summer2024&password=nurse1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("hw_session="));
            Path audit = data.resolve("audit/audit.log");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(audit).contains("signin.failed"));
            // then: the failure is audited without it
            assertThat(Files.readString(audit)).contains("\"actor\":\"(unrecognised)\"").doesNotContain("Summer2024");

            // and: every file and directory the gateway and the registry tools created is owner-only
            List<Path> all;
            try (Stream<Path> s = Files.walk(data)) {
                all = s.toList();
            }
            assertThat(all).extracting(p -> data.relativize(p).toString())
                    .contains("", "registry/registry.json", "journal/00000000000000000001.seg", "audit/audit.log", "ports.json");
            for (Path p : all) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (Files.isDirectory(p)) {
                    assertThat(PosixFilePermissions.toString(perms)).as(p.toString()).isEqualTo("rwx------");
                } else {
                    assertThat(perms).as(p + " " + PosixFilePermissions.toString(perms)).doesNotContainAnyElementsOf(
                            GROUP_OR_OTHERS);
                }
            }
        }
    }
}
