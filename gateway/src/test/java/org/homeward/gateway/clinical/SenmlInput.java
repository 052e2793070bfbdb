package org.homeward.gateway.clinical;

import java.nio.charset.StandardCharsets;
import org.homeward.gateway.ingest.PayloadFormat;
import org.homeward.gateway.ingest.senml.PackResult;
import org.homeward.gateway.ingest.senml.SenmlPackDecoder;
import org.homeward.gateway.ingest.senml.SenmlSettings;

/** SenML JSON text through the real decoder, received at the fixture's time, for the fixture's patient. */
final class SenmlInput {
    private static final SenmlPackDecoder DECODER = new SenmlPackDecoder(SenmlSettings.defaults());

    private SenmlInput() {
    }

    static PackResult decode(Fixture f, String device, String json) {
        return DECODER.decode(PayloadFormat.SENML_JSON, json.getBytes(StandardCharsets.UTF_8), device,
                Fixture.PATIENT, f.now);
    }
}
