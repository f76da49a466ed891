from django.urls import path

from arrears.contacts import views as contact_views

from .panels import answer
from .views import money, screen, work

ON_THE_SCREEN = {"answer": answer}  # how a domain's view answers with the account screen's partials

urlpatterns = [
    path("", screen.home, name="home"),
    path("search", screen.search, name="search"),
    path("accounts/<int:pk>/", screen.account_screen, name="account"),
    path("accounts/<int:pk>/decisions/<int:did>/", screen.decision, name="decision"),
    path("accounts/<int:pk>/calls", work.log_call, name="log-call"),
    path("accounts/<int:pk>/notes", contact_views.note, ON_THE_SCREEN, name="add-note"),
    path("accounts/<int:pk>/status", work.status, name="change-status"),
    path("accounts/<int:pk>/contact/<str:kind>", contact_views.record_contact_change, ON_THE_SCREEN,
         name="contact-change"),
    path("accounts/<int:pk>/messages", work.message, name="send-message"),
    path("accounts/<int:pk>/restrictions", work.record_restriction, name="record-restriction"),
    path("accounts/<int:pk>/restrictions/<int:rid>/end", work.end_restriction, name="end-restriction"),
    path("accounts/<int:pk>/payments", money.take_payment, name="take-payment"),
    path("accounts/<int:pk>/payments/preview", money.payment_preview, name="payment-preview"),
    path("accounts/<int:pk>/payments/<int:payment_id>/reverse", money.reverse, name="reverse-payment"),
    path("accounts/<int:pk>/payments/<int:payment_id>/receipt.pdf", money.receipt, name="payment-receipt"),
    path("accounts/<int:pk>/payments/<int:payment_id>/receipt/email", money.email_receipt, name="email-receipt"),
    path("accounts/<int:pk>/adjustments", money.adjust, name="adjust-balance"),
    path("accounts/<int:pk>/refunds", money.refund, name="refund-credit"),
    path("accounts/<int:pk>/payment-methods", money.add_method, name="add-payment-method"),
    path("accounts/<int:pk>/arrangements", money.create_arrangement, name="create-arrangement"),
    path("accounts/<int:pk>/arrangements/preview", money.arrangement_preview, name="arrangement-preview"),
    path("accounts/<int:pk>/arrangements/prefill", money.prefill_arrangement, name="arrangement-prefill"),
    path("accounts/<int:pk>/arrangements/<int:arrangement_id>/cancel", money.cancel_arrangement,
         name="cancel-arrangement"),
    path("accounts/<int:pk>/budget", money.record_budget, name="record-budget"),
]
