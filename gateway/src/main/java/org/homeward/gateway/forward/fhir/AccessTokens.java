package org.homeward.gateway.forward.fhir;

import java.io.IOException;

/**
 * Where the FHIR sink's bearer token comes from: none, a static token from the configuration, or
 * an OAuth2 token endpoint (SMART Backend Services, {@link ClientCredentialsTokens}).
 *
 * <p>Threading: called from the sink's single forwarder thread only. Blocking: {@link #token}
 * may call the token endpoint, bounded by the sink's request time-out. Failure: an
 * {@link IOException} when no token can be had right now (the sink treats it as transient).
 */
interface AccessTokens {
    /** No Authorization header. */
    AccessTokens NONE = new AccessTokens() {
        @Override
        public String token() {
            return null;
        }

        @Override
        public void invalidate() {
        }
    };

    /** The token to send, or null for none; a cached one while it is valid. */
    String token() throws IOException;

    /** Forgets a cached token (the server answered 401), so the next {@link #token} fetches a new one. */
    void invalidate();

    /** A fixed token (e.g. a long-lived API key); {@link #invalidate} cannot renew it. */
    static AccessTokens fixed(String token) {
        return new AccessTokens() {
            @Override
            public String token() {
                return token;
            }

            @Override
            public void invalidate() {
            }
        };
    }
}
