from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from arrears.placements import views as placement_views
from arrears.api.api import api
from arrears.arrangements import views as arrangement_views
from arrears.compliance import views as compliance_views
from arrears.payments import views as payment_views
from arrears.remittance import views as remittance_views

admin.site.site_header = "arrears back office"
admin.site.site_title = "arrears back office"

urlpatterns = [
    path("", include("arrears.desk.urls")),
    path("approvals/", arrangement_views.approvals, name="approvals"),
    path("approvals/<int:arrangement_id>", arrangement_views.decide, name="decide-approval"),
    path("payments/", payment_views.desk, name="payments-desk"),
    path("payments/lockbox", payment_views.upload_lockbox, name="upload-lockbox"),
    path("payments/unapplied/<int:item_id>", payment_views.resolve_unapplied, name="resolve-unapplied"),
    path("payments/ach", payment_views.write_ach, name="write-ach"),
    path("payments/ach/<int:file_id>", payment_views.ach_file, name="ach-file"),
    path("payments/ach/returns", payment_views.upload_returns, name="upload-returns"),
    path("remittance/", remittance_views.clients, name="remittance"),
    path("remittance/<slug:code>/", remittance_views.client, name="remittance-client"),
    path("remittance/<slug:code>/close", remittance_views.close, name="close-remittance"),
    path("remittance/<slug:code>/draft.<str:fmt>", remittance_views.draft, name="remittance-draft"),
    path("remittance/<slug:code>/<int:period_id>.<str:fmt>", remittance_views.document, name="remittance-document"),
    path("dial-lists/", compliance_views.dial_lists, name="dial-lists"),
    path("dial-lists/<int:did>.csv", compliance_views.dial_list_csv, name="dial-list-csv"),
    path("placements/", placement_views.placements, name="placements"),
    path("placements/<int:pk>/", placement_views.placement, name="placement"),
    path("placements/<int:pk>/report.csv", placement_views.placement_report, name="placement-report"),
    path("placements/<int:pk>/retry", placement_views.placement_retry, name="placement-retry"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
