package org.homeward.gateway.web;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * One API route: method, template such as {@code /api/patients/{id}/vitals} (the template is the
 * metric tag) and handler. Path parameters must be pseudonym-like tokens.
 */
record Route(String method, String template, Handler handler) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:~-]{1,64}");

    /** Handles a matched request; runs on an event loop or the auth pool, must not block. */
    @FunctionalInterface
    interface Handler {
        CompletableFuture<WebResponse> handle(WebRequest req, Caller caller, Map<String, String> params);
    }

    /** Path parameters when {@code path} fits the template, else null. */
    Map<String, String> match(String path) {
        String[] want = template.split("/");
        String[] got = path.split("/");
        if (want.length != got.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{")) {
                if (!ID.matcher(got[i]).matches()) {
                    return null;
                }
                params.put(want[i].substring(1, want[i].length() - 1), got[i]);
            } else if (!want[i].equals(got[i])) {
                return null;
            }
        }
        return params;
    }
}
