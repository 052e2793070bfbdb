package org.homeward.gateway.app;

/** Why a nurse command was refused; each reason maps to one HTTP status. */
public final class AlarmCommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Refusal reasons. */
    public enum Reason {
        /** No such alarm or patient → 404. */
        NOT_FOUND,
        /** The command does not fit the current state, e.g. acknowledging a resolved alarm → 409. */
        CONFLICT,
        /** The value is not acceptable, e.g. a shelve time the policy forbids → 422. */
        REJECTED,
        /** The gateway cannot take the command now (shard queue full, journal down) → 503. */
        UNAVAILABLE
    }

    private final Reason reason;

    public AlarmCommandException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
