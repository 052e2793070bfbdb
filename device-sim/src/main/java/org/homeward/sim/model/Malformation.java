package org.homeward.sim.model;

/** Ways a device can send a broken pack; the gateway must refuse each with a specific, counted reason. */
public enum Malformation {
    /** JSON cut off mid-way. */
    TRUNCATED,
    /** SpO2 as {@code "u":"%"} with value 97: SenML's '%' is a ratio, so this is a unit trap. */
    PERCENT_TRAP,
    /** A record name with characters SenML forbids. */
    BAD_NAME,
    /** A value that is a string where a number is expected. */
    NOT_A_NUMBER,
    /** Not a SenML array at all. */
    NOT_AN_ARRAY
}
