package org.homeward.gateway.device;

/**
 * A registry change refused, naming the input at fault ({@code field}: the CLI option without its
 * dashes, e.g. {@code infusion-date}) so the CLI and the admin API can each say which one. The
 * message is for the person who typed it.
 */
public final class RegistryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the field. */
    public enum Reason {
        /** malformed or out of range */
        INVALID,
        /** names a patient, device or user that is not registered */
        UNKNOWN,
        /** would replace something that exists (e.g. adding a device id already in use) */
        CONFLICT
    }

    private final String field;
    private final Reason reason;

    public RegistryException(String field, Reason reason, String message) {
        super(message);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public Reason reason() {
        return reason;
    }
}
