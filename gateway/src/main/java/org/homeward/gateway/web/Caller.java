package org.homeward.gateway.web;

import org.homeward.gateway.app.User;

/**
 * Who sent a request: the user and, for cookie sign-in, the session (null for HTTP Basic).
 */
record Caller(User user, Sessions.Session session) {
    boolean viaSession() {
        return session != null;
    }
}
