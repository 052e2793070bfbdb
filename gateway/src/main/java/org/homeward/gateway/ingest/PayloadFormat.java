package org.homeward.gateway.ingest;

/** Encoding of a SenML pack: RFC 8428 JSON (CoAP Content-Format 110) or CBOR (112). */
public enum PayloadFormat {
    SENML_JSON, SENML_CBOR
}
