package com.platformeconomy.revenue.page;

import com.platformeconomy.revenue.dashboard.Dashboard;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The revenue pages, src/main/resources/templates/revenue/*.html, checked when the service is built. */
@CheckedTemplate(basePath = "revenue")
final class PageTemplates {

    private PageTemplates() {
    }

    static native TemplateInstance login(String error, boolean expired, String csrf);

    static native TemplateInstance dashboard(Viewer viewer, Dashboard dashboard, List<DailyRevenue.Day> days,
                                             Threshold threshold, Split split);

    static native TemplateInstance error(Viewer viewer, int status, String title, String message);
}
