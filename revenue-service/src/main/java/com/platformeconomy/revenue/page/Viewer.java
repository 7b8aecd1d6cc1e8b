package com.platformeconomy.revenue.page;

import com.platformeconomy.contracts.security.Roles;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Who looks at the revenue page: the platform's books are for an admin (or a service). {@code
 * refused}: a session cookie was sent but its token did not verify (expired, another key).
 */
public record Viewer(String subject, boolean allowed, boolean refused) {

    static final Viewer NOBODY = new Viewer(null, false, false);
    static final Viewer REFUSED = new Viewer(null, false, true);

    /** The viewer of this request, from the session cookie (or Authorization header) without failing on a bad one. */
    static Uni<Viewer> current(CurrentIdentityAssociation identities) {
        return identities.getDeferredIdentity().map(Viewer::of).onFailure().recoverWithItem(REFUSED);
    }

    static Viewer of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return NOBODY;
        }
        return new Viewer(identity.getPrincipal().getName(),
                identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.SERVICE), false);
    }

    public boolean signedIn() {
        return subject != null;
    }
}
