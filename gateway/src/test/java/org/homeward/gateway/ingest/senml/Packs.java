package org.homeward.gateway.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.homeward.gateway.domain.Reading;
import org.homeward.gateway.domain.Vital;
import org.homeward.gateway.ingest.FailureReason;
import org.homeward.gateway.ingest.IngestException;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.RecordRejection;

/** Test helpers: decode a JSON pack with the default settings at a fixed receive time. */
final class Packs {
    /** 2025-07-01T00:15:40Z, ten seconds after the clinical-spec example's base time. */
    static final long RECEIVED = 1_751_328_940_000L;
    static final SenmlPackDecoder DEFAULT = new SenmlPackDecoder(SenmlSettings.defaults());

    private Packs() {
    }

    /** Single quotes become double quotes, so packs stay readable in Java source. */
    static byte[] json(String pack) {
        return pack.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    static PackResult decode(String pack) {
        return DEFAULT.decode(PayloadFormat.SENML_JSON, json(pack), "dev-1", "p-1", RECEIVED);
    }

    static PackResult decode(SenmlPackDecoder decoder, String pack) {
        return decoder.decode(PayloadFormat.SENML_JSON, json(pack), "dev-1", "p-1", RECEIVED);
    }

    static IngestException failure(String pack) {
        IngestException e = catchThrowableOfType(IngestException.class, () -> decode(pack));
        assertThat(e).as("pack must be refused as a whole: %s", pack).isNotNull();
        return e;
    }

    static IngestException malformed(String pack) {
        IngestException e = failure(pack);
        assertThat(e.reason()).isEqualTo(FailureReason.MALFORMED_PAYLOAD);
        return e;
    }

    /** The one reading of a pack that must yield exactly one reading and no rejection. */
    static Reading single(String pack) {
        PackResult r = decode(pack);
        assertThat(r.rejections()).as("rejections").isEmpty();
        assertThat(r.readings()).hasSize(1);
        return r.readings().get(0);
    }

    /** The one rejection of a pack that must yield exactly one rejection and no reading. */
    static RecordRejection rejected(String pack) {
        PackResult r = decode(pack);
        assertThat(r.readings()).as("readings").isEmpty();
        assertThat(r.rejections()).hasSize(1);
        return r.rejections().get(0);
    }

    static Reading reading(PackResult r, Vital vital) {
        return r.readings().stream().filter(x -> x.vital() == vital).findFirst()
                .orElseThrow(() -> new AssertionError("no " + vital + " reading in " + r));
    }
}
