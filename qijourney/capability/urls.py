from django.urls import path

from qijourney.capability.views import plan, programmes, report, skills, staff, system

urlpatterns = [
    path("", plan.home, name="capability"),
    path("plan/", plan.plan, name="capability-plan"),
    path("targets/<int:pk>/", plan.target_view, name="capability-target"),
    path("programmes/", programmes.programmes, name="capability-programmes"),
    path("programmes/examples/", programmes.install_example, name="capability-install-example"),
    path("programmes/ladders/", programmes.ladder_rename, name="capability-ladder-rename"),
    path("programmes/<int:pk>/", programmes.programme_view, name="capability-programme"),
    path("programmes/<int:pk>/cohorts/", programmes.cohort_create, name="capability-cohort-create"),
    path("cohorts/<int:pk>/", programmes.cohort_view, name="capability-cohort"),
    path("cohorts/<int:pk>/enrol/", programmes.cohort_enrol, name="capability-cohort-enrol"),
    path("cohorts/<int:pk>/outcome/", programmes.cohort_outcome, name="capability-cohort-outcome"),
    path(
        "cohorts/<int:pk>/evaluate/", programmes.cohort_evaluate, name="capability-cohort-evaluate"
    ),
    path("staff/", staff.staff, name="capability-staff"),
    path("staff/import/", staff.staff_import, name="capability-staff-import"),
    path("records/import/", staff.records_import, name="capability-records-import"),
    path("skills/", skills.skills, name="capability-skills"),
    path("projects/<int:pk>/coaching/", skills.coaching, name="capability-coaching"),
    path("system/", system.system, name="capability-system"),
    path("sharing/", system.sharing, name="capability-sharing"),
    path("report/", report.report, name="capability-report"),
    path("report.pdf", report.report_pdf, name="capability-report-pdf"),
]
