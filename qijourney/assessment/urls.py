from django.urls import path

from qijourney.assessment import views

urlpatterns = [
    path("", views.home, name="assessment"),
    path("rounds/new/", views.round_create, name="assessment-round-create"),
    path("rounds/<int:pk>/", views.round_view, name="assessment-round"),
    path("rounds/<int:pk>/respond/", views.respond, name="assessment-respond"),
    path("rounds/<int:pk>/actions/", views.action_add, name="assessment-action-add"),
    path("rounds/<int:pk>/sharing/", views.sharing, name="assessment-sharing"),
    path("rounds/<int:pk>/closing/", views.closing, name="assessment-closing"),
    path("rounds/<int:pk>/report/", views.report, name="assessment-report"),
    path("rounds/<int:pk>/report.pdf", views.report_pdf, name="assessment-report-pdf"),
    path("actions/<int:pk>/", views.action_edit, name="assessment-action"),
    path("shared/", views.shared, name="assessment-shared"),
    path("shared/<int:pk>/", views.shared_round, name="assessment-shared-round"),
]
