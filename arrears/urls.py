from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from arrears.accounts import placement_views
from arrears.accounts import views as account_views
from arrears.arrangements import views as arrangement_views
from arrears.api.api import api
from arrears.compliance import views as compliance_views
from arrears.debtors import views as debtor_views
from arrears.payments import views as payment_views
from arrears.payments.queries import methods_on_file
from arrears.remittance import views as remittance_views

# The arrangement screens offer the debtor's cards and bank accounts on file, which the payments app keeps.
ON_FILE = {"methods_on_file": methods_on_file}

admin.site.site_header = "arrears back office"
admin.site.site_title = "arrears back office"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("search", account_views.search, name="search"),
    path("accounts/<int:pk>/", account_views.account_screen, name="account"),
    path("accounts/<int:pk>/calls", account_views.log_call, name="log-call"),
    path("accounts/<int:pk>/notes", account_views.note, name="add-note"),
    path("accounts/<int:pk>/status", account_views.status, name="change-status"),
    path("accounts/<int:pk>/contact/<str:kind>", debtor_views.record_contact_change, name="contact-change"),
    path("accounts/<int:pk>/messages", account_views.message, name="send-message"),
    path("accounts/<int:pk>/restrictions", compliance_views.record_restriction, name="record-restriction"),
    path("accounts/<int:pk>/restrictions/<int:rid>/end", compliance_views.end_restriction, name="end-restriction"),
    path("accounts/<int:pk>/decisions/<int:did>/", compliance_views.decision, name="decision"),
    path("accounts/<int:pk>/payments", payment_views.take_payment, name="take-payment"),
    path("accounts/<int:pk>/payments/preview", payment_views.preview, name="payment-preview"),
    path("accounts/<int:pk>/payments/<int:payment_id>/reverse", payment_views.reverse, name="reverse-payment"),
    path("accounts/<int:pk>/payments/<int:payment_id>/receipt.pdf", payment_views.receipt, name="payment-receipt"),
    path("accounts/<int:pk>/payments/<int:payment_id>/receipt/email", payment_views.email_receipt,
         name="email-receipt"),
    path("accounts/<int:pk>/adjustments", payment_views.adjust, name="adjust-balance"),
    path("accounts/<int:pk>/refunds", payment_views.refund, name="refund-credit"),
    path("accounts/<int:pk>/payment-methods", payment_views.add_method, name="add-payment-method"),
    path("accounts/<int:pk>/arrangements", arrangement_views.create, ON_FILE, name="create-arrangement"),
    path("accounts/<int:pk>/arrangements/preview", arrangement_views.preview, ON_FILE, name="arrangement-preview"),
    path("accounts/<int:pk>/arrangements/prefill", arrangement_views.prefill, ON_FILE, name="arrangement-prefill"),
    path("accounts/<int:pk>/arrangements/<int:arrangement_id>/cancel", arrangement_views.cancel,
         name="cancel-arrangement"),
    path("accounts/<int:pk>/budget", arrangement_views.budget, name="record-budget"),
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
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
