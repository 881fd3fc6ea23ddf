from django.urls import path

from qijourney.measures import views

urlpatterns = [
    path("measures/<int:pk>/", views.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/points/", views.point_add, name="measure-point-add"),
    path(
        "measures/<int:pk>/points/<int:point_pk>/delete/",
        views.point_delete,
        name="measure-point-delete",
    ),
    path("measures/<int:pk>/upload/", views.upload, name="measure-upload"),
    path("measures/<int:pk>/targets/", views.target_add, name="measure-target-add"),
]
