package org.homeward.gateway.ingest;

import java.util.Objects;

/** Failure of a whole ingest request; {@link #reason()} is what the adapter maps to its protocol. */
public final class IngestException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final FailureReason reason;

    public IngestException(FailureReason reason, String detail) {
        super(reason.tag() + ": " + detail, null, false, false);
        this.reason = Objects.requireNonNull(reason);
    }

    public IngestException(FailureReason reason, String detail, Throwable cause) {
        super(reason.tag() + ": " + detail, cause, false, false);
        this.reason = Objects.requireNonNull(reason);
    }

    public FailureReason reason() {
        return reason;
    }
}
