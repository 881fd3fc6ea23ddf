from django.urls import path

from qijourney.organisations import views

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("account/api-key/", views.api_token, name="api-token"),
]
