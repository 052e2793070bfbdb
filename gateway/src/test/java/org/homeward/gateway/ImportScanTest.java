package org.homeward.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The import scan behind {@link ArchitectureTest}, on synthetic sources: it can see each broken rule. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ImportScanTest {
    static ImportScan scan(String... sources) {
        ImportScan scan = new ImportScan();
        for (String s : sources) {
            scan.add(s);
        }
        return scan;
    }

    static String file(String pkg, String... imports) {
        StringBuilder b = new StringBuilder("package org.homeward.gateway" + (pkg.isEmpty() ? "" : "." + pkg) + ";\n\n");
        for (String i : imports) {
            b.append("import ").append(i).append(";\n");
        }
        return b.append("\nfinal class X {\n}\n").toString();
    }

    @Test
    void givenThreePackagesInARing_whenScanned_thenTheCycleIsFound() {
        ImportScan scan = scan(file("processing", "org.homeward.gateway.ingest.RecordRejection"),
                file("ingest.senml", "org.homeward.gateway.journal.Journal"),
                file("journal", "org.homeward.gateway.processing.ThresholdChange"),
                file("domain"));

        assertThat(scan.cycles()).containsExactly(Set.of("processing", "ingest", "journal"));
    }

    @Test
    void givenAOneWayChain_whenScanned_thenNoCycle() {
        ImportScan scan = scan(file("processing", "org.homeward.gateway.ingest.RecordRejection"),
                file("ingest", "org.homeward.gateway.journal.Journal"),
                file("journal", "org.homeward.gateway.domain.Alarm"));

        assertThat(scan.cycles()).isEmpty();
    }

    @Test
    void givenAFullyQualifiedNameInCode_whenScanned_thenItCountsButInAJavadocItDoesNot() {
        ImportScan scan = scan("package org.homeward.gateway.journal;\n"
                + "/** See {@link org.homeward.gateway.records.JournalRecords}. */\n"
                + "final class X {\n  // org.homeward.gateway.app.Y\n"
                + "  Object m() { return org.homeward.gateway.processing.PatientShards.class; }\n}\n");

        assertThat(scan.uses.get("journal")).containsExactly("processing");
    }

    @Test
    void givenAnImportOfTheRoot_whenScanned_thenItsUserIsNamed() {
        ImportScan scan = scan(file("web", "org.homeward.gateway.Gateway"), file(""));

        assertThat(scan.usersOf("")).containsExactly("web");
    }

    @Test
    void givenADomainClassImportingNetty_whenScanned_thenTheImportIsReported() {
        ImportScan scan = scan(file("domain", "io.netty.buffer.ByteBuf", "java.util.List"));

        assertThat(scan.importsOf("domain", ArchitectureTest.INFRASTRUCTURE)).containsExactly("io.netty.buffer.ByteBuf");
    }
}
