package com.platformeconomy.earnings.portal;

import com.platformeconomy.contracts.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who looks at a page: the token's subject and whether it may see the portal (developer) or
 * every developer's apps (admin). {@code refused}: a cookie was sent but its token did not verify
 * (expired, or signed by another key), so the page asks to sign in again.
 */
public record Viewer(String subject, boolean developer, boolean admin, boolean refused) {

    static final Viewer NOBODY = new Viewer(null, false, false, false);
    static final Viewer REFUSED = new Viewer(null, false, false, true);

    static Viewer of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return NOBODY;
        }
        return new Viewer(identity.getPrincipal().getName(), identity.hasRole(Roles.DEVELOPER),
                identity.hasRole(Roles.ADMIN), false);
    }

    public boolean signedIn() {
        return subject != null;
    }

    /** May use the portal at all. */
    public boolean allowed() {
        return developer || admin;
    }
}
