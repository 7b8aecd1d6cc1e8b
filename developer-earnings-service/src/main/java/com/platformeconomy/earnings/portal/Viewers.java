package com.platformeconomy.earnings.portal;

import com.platformeconomy.platform.page.PageRequests;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The viewer of a page, from the HttpOnly session cookie (contracts PageCookieAuthentication: it
 * signs in to /portal only). Pages ask for it themselves (no {@code @RolesAllowed}) so that a
 * missing or refused token leads to the sign-in page instead of a problem+json 401. Call it while
 * the page method runs: it reads the request's CSRF token then.
 */
@ApplicationScoped
public class Viewers {

    private final CurrentIdentityAssociation identities;
    private final PageRequests pages;

    public Viewers(CurrentIdentityAssociation identities, PageRequests pages) {
        this.identities = identities;
        this.pages = pages;
    }

    public Uni<Viewer> current() {
        String csrf = pages.csrfToken();
        return identities.getDeferredIdentity().map(identity -> Viewer.of(identity, csrf))
                .onFailure().recoverWithItem(Viewer.refused(csrf));
    }
}
