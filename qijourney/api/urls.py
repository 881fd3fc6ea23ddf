from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import DefaultRouter

from qijourney.api import assessment, capability, docs, indicators, projects, staff

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("projects", projects.ProjectViewSet, basename="api-project")
router.register("measures", projects.MeasureViewSet, basename="api-measure")
router.register("pdsa-cycles", projects.PDSACycleViewSet, basename="api-pdsa")
router.register(
    "assessment-rounds", assessment.AssessmentRoundViewSet, basename="api-assessment-round"
)
router.register(
    "assessment-responses", assessment.ResponseViewSet, basename="api-assessment-response"
)
router.register("ladders", capability.LadderViewSet, basename="api-ladder")
router.register("programmes", capability.ProgrammeViewSet, basename="api-programme")
router.register("cohorts", capability.CohortViewSet, basename="api-cohort")
router.register("enrolments", capability.EnrolmentViewSet, basename="api-enrolment")
router.register("evaluations", capability.EvaluationViewSet, basename="api-evaluation")
router.register("completions", capability.CompletionViewSet, basename="api-completion")
router.register("staff-list", staff.StaffListViewSet, basename="api-staff-list")
router.register("indicators", indicators.IndicatorViewSet, basename="api-indicator")
router.register(
    "indicator-values", indicators.IndicatorValueViewSet, basename="api-indicator-value"
)

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-schema"),
    path("docs/", docs.api_docs, name="api-docs"),
    path("", include(router.urls)),
]
