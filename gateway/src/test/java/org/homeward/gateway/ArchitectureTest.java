package org.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The package rules of docs/architecture.md, checked on the gateway's own sources: one direction of
 * flow (no package cycle), a domain and clinical core free of transports, metrics and JSON, a journal
 * that stores bytes only, and a root package that only wires.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ArchitectureTest {
    /** Transports, metrics and JSON: the edges of the house, never its core. */
    static final List<String> INFRASTRUCTURE = List.of("io.netty.", "org.eclipse.californium.", "org.eclipse.paho.",
            "io.micrometer.", "com.fasterxml.jackson.");
    static final ImportScan MAIN = ImportScan.of(Path.of(System.getProperty("arch.src", "src/main/java")));

    @Test
    void givenTheGatewaySources_whenScanned_thenEveryTopLevelPackageIsSeen() {
        assertThat(MAIN.uses.keySet()).contains("", "app", "domain", "clinical", "journal", "records", "processing",
                "ingest", "web", "adapter", "forward", "audit", "device");
    }

    @Test
    void givenTheGatewaySources_whenScanned_thenNoPackageCycle() {
        assertThat(MAIN.cycles()).as("package cycles").isEmpty();
    }

    @Test
    void givenTheCore_whenScanned_thenDomainAndClinicalImportNoTransportMetricsOrJson() {
        assertThat(MAIN.importsOf("domain", INFRASTRUCTURE)).as("domain imports").isEmpty();
        assertThat(MAIN.importsOf("clinical", INFRASTRUCTURE)).as("clinical imports").isEmpty();
    }

    @Test
    void givenTheJournal_whenScanned_thenItImportsNoTransport() {
        assertThat(MAIN.importsOf("journal", INFRASTRUCTURE.subList(0, 3))).as("journal imports").isEmpty();
    }

    @Test
    void givenTheDomain_whenScanned_thenItUsesNoOtherGatewayPackage() {
        assertThat(MAIN.uses.get("domain")).as("domain uses").isEmpty();
    }

    @Test
    void givenTheClinicalRules_whenScanned_thenTheyUseOnlyTheDomain() {
        assertThat(MAIN.uses.get("clinical")).as("clinical uses").isSubsetOf(Set.of("domain"));
    }

    @Test
    void givenTheJournal_whenScanned_thenItKnowsNoRecordsOrTheirUsers() {
        assertThat(MAIN.uses.get("journal")).as("journal uses")
                .doesNotContain("processing", "ingest", "clinical", "records", "app", "forward");
    }

    @Test
    void givenTheRootPackage_whenScanned_thenNoOtherPackageUsesIt() {
        assertThat(MAIN.usersOf("")).as("packages using the root").isEmpty();
    }
}
