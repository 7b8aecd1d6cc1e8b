package com.platformeconomy.revenue.page;

import com.platformeconomy.contracts.identity.Roles;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Who looks at the revenue page: the platform's books are for an admin (or a service). {@code
 * refused}: a session cookie was sent but its token did not verify (expired, another key). {@code
 * csrf}: the token the page's forms carry (contracts PageGuard).
 */
public record Viewer(String subject, boolean allowed, boolean refused, String csrf) {

    /** The viewer of this request, from the session cookie (or Authorization header) without failing on a bad one. */
    static Uni<Viewer> current(CurrentIdentityAssociation identities, String csrf) {
        return identities.getDeferredIdentity().map(identity -> of(identity, csrf))
                .onFailure().recoverWithItem(new Viewer(null, false, true, csrf));
    }

    static Viewer of(SecurityIdentity identity, String csrf) {
        if (identity == null || identity.isAnonymous()) {
            return new Viewer(null, false, false, csrf);
        }
        return new Viewer(identity.getPrincipal().getName(),
                identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.SERVICE), false, csrf);
    }

    public boolean signedIn() {
        return subject != null;
    }
}
