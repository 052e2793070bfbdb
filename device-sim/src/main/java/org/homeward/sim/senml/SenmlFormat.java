package org.homeward.sim.senml;

/** SenML wire format: JSON (CoAP Content-Format 110) or CBOR (112). */
public enum SenmlFormat {
    JSON(110, "application/senml+json"),
    CBOR(112, "application/senml+cbor");

    private final int contentFormat;
    private final String mediaType;

    SenmlFormat(int contentFormat, String mediaType) {
        this.contentFormat = contentFormat;
        this.mediaType = mediaType;
    }

    /** CoAP Content-Format number. */
    public int contentFormat() {
        return contentFormat;
    }

    /** MIME type, used as MQTT 5 Content Type. */
    public String mediaType() {
        return mediaType;
    }
}
