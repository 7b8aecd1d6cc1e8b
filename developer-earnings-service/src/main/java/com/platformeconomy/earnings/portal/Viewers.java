package com.platformeconomy.earnings.portal;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The viewer of a page, from the same bearer token the JSON API takes, here carried by the
 * HttpOnly session cookie. Pages ask for it themselves (no {@code @RolesAllowed}) so that a
 * missing or refused token leads to the sign-in page instead of a problem+json 401.
 */
@ApplicationScoped
public class Viewers {

    private final CurrentIdentityAssociation identities;

    public Viewers(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public Uni<Viewer> current() {
        return identities.getDeferredIdentity().map(Viewer::of).onFailure().recoverWithItem(Viewer.REFUSED);
    }
}
