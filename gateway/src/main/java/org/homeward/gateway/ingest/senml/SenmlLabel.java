package org.homeward.gateway.ingest.senml;

/**
 * The RFC 8428 labels with their JSON names and CBOR integer keys (§6). Jackson's CBOR parser hands
 * integer map keys over as their decimal text ({@code -2} for {@code bn}), so one lookup by text
 * serves both encodings.
 */
enum SenmlLabel {
    BVER(true), BN(true), BT(true), BU(true), BV(true), BS(true),
    N(false), U(false), V(false), VS(false), VB(false), S(false), T(false), UT(false), VD(false),
    /** Any field SenML does not define; ignored unless its name ends in {@code _} (must-understand). */
    UNKNOWN(false);

    private final boolean base;

    SenmlLabel(boolean base) {
        this.base = base;
    }

    boolean isBase() {
        return base;
    }

    /** Label of a JSON field name; only the RFC's text labels count. */
    static SenmlLabel ofJson(String field) {
        switch (field) {
            case "bver": return BVER;
            case "bn": return BN;
            case "bt": return BT;
            case "bu": return BU;
            case "bv": return BV;
            case "bs": return BS;
            case "n": return N;
            case "u": return U;
            case "v": return V;
            case "vs": return VS;
            case "vb": return VB;
            case "s": return S;
            case "t": return T;
            case "ut": return UT;
            case "vd": return VD;
            default: return UNKNOWN;
        }
    }

    /**
     * Label of a CBOR map key: the RFC's integer labels; the JSON text labels are accepted too, because
     * several device libraries emit them and they cannot be mistaken for anything else.
     */
    static SenmlLabel ofCbor(String field) {
        switch (field) {
            case "-1": return BVER;
            case "-2": return BN;
            case "-3": return BT;
            case "-4": return BU;
            case "-5": return BV;
            case "-6": return BS;
            case "0": return N;
            case "1": return U;
            case "2": return V;
            case "3": return VS;
            case "4": return VB;
            case "5": return S;
            case "6": return T;
            case "7": return UT;
            case "8": return VD;
            default: return ofJson(field);
        }
    }

    /** The JSON spelling, used in error details. */
    String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
