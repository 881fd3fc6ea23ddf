from django.urls import path

from qijourney.capability import views

urlpatterns = [
    path("", views.home, name="capability"),
    path("plan/", views.plan, name="capability-plan"),
    path("targets/<int:pk>/", views.target_view, name="capability-target"),
    path("targets/<int:pk>/delete/", views.target_delete, name="capability-target-delete"),
    path("programmes/", views.programmes, name="capability-programmes"),
    path("programmes/examples/", views.install_scheme, name="capability-install-scheme"),
    path("programmes/<int:pk>/", views.programme_view, name="capability-programme"),
    path("programmes/<int:pk>/cohorts/", views.cohort_create, name="capability-cohort-create"),
    path("cohorts/<int:pk>/", views.cohort_view, name="capability-cohort"),
    path("cohorts/<int:pk>/enrol/", views.cohort_enrol, name="capability-cohort-enrol"),
    path("cohorts/<int:pk>/outcome/", views.cohort_outcome, name="capability-cohort-outcome"),
    path("cohorts/<int:pk>/evaluate/", views.cohort_evaluate, name="capability-cohort-evaluate"),
    path("staff/", views.staff, name="capability-staff"),
    path("staff/import/", views.staff_import, name="capability-staff-import"),
    path("records/import/", views.records_import, name="capability-records-import"),
    path("skills/", views.skills, name="capability-skills"),
    path("projects/<int:pk>/coaching/", views.coaching, name="capability-coaching"),
    path("system/", views.system, name="capability-system"),
    path("sharing/", views.sharing, name="capability-sharing"),
    path("report/", views.report, name="capability-report"),
    path("report.pdf", views.report_pdf, name="capability-report-pdf"),
]
