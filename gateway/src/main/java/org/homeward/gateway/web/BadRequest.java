package org.homeward.gateway.web;

/** A client mistake with a specific code and message, answered with 400 and counted by route. */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    BadRequest(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
