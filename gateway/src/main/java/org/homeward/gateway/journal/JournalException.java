package org.homeward.gateway.journal;

/** Why an append failed. */
public final class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Failure kinds. */
    public enum Kind {
        /** The bounded append queue is full; retry later. */
        OVERLOADED,
        /** The disk-usage limit is reached. */
        FULL,
        /** The journal is closed. */
        CLOSED,
        /** Write or fsync failed. */
        IO
    }

    private final Kind kind;

    public JournalException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public JournalException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
