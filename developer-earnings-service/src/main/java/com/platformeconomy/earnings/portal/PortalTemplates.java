package com.platformeconomy.earnings.portal;

import com.platformeconomy.earnings.analytics.AnalyticsService;
import com.platformeconomy.earnings.app.AppView;
import com.platformeconomy.earnings.earning.EarningsSummary;
import com.platformeconomy.earnings.payout.PayoutView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The portal's pages, src/main/resources/templates/portal/*.html, checked when the service is built. */
@CheckedTemplate(basePath = "portal")
final class PortalTemplates {

    private PortalTemplates() {
    }

    static native TemplateInstance login(String error, String next, boolean expired, String csrf);

    static native TemplateInstance apps(Viewer viewer, List<AppView> apps);

    static native TemplateInstance earnings(Viewer viewer, AppView app, EarningsSummary summary, PayoutTotals payouts);

    static native TemplateInstance analytics(Viewer viewer, AppView app, String days, AnalyticsService.Window window);

    static native TemplateInstance payouts(Viewer viewer, String developerId, EarningsSummary summary,
                                           PayoutTotals totals, List<PayoutView> payouts, String error,
                                           String notice, String entered, String idempotencyKey);

    static native TemplateInstance error(Viewer viewer, int status, String title, String message);
}
