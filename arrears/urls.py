from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from arrears.accounts import placement_views
from arrears.accounts import views as account_views
from arrears.api.api import api
from arrears.compliance import views as compliance_views
from arrears.debtors import views as debtor_views

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
