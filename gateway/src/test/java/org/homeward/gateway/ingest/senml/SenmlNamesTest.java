package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;

import org.homeward.gateway.domain.Vital;
import org.junit.jupiter.api.Test;

class SenmlNamesTest {
    @Test
    void localNameIsTheLastSegmentAndAVitalsNameComesBackAsItsConstant() {
        assertThat(SenmlNames.localName("urn:dev:ox-1:hr")).isSameAs(Vital.HR.senmlName());
        assertThat(SenmlNames.localName("dev-3f8a/oximeter/spo2")).isSameAs(Vital.SPO2.senmlName());
        assertThat(SenmlNames.localName("urn:dev:ox-1:pr")).isEqualTo("pr");
        assertThat(SenmlNames.localName("urn:dev:ox-1:HR")).isEqualTo("HR");
        assertThat(SenmlNames.localName("urn:dev:ox-1:hrx")).isEqualTo("hrx");
        assertThat(SenmlNames.localName("urn:dev:ox-1:h")).isEqualTo("h");
        assertThat(SenmlNames.localName("urn:dev:temp:")).isEmpty();
        assertThat(SenmlNames.localName("temp")).isEqualTo("temp");
        assertThat(SenmlNames.localName("a:temp/seq")).isEqualTo("seq");
    }
}
