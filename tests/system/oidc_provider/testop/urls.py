from django.contrib.auth.views import LoginView
from django.urls import include, path, re_path

from testop import views

urlpatterns = [
    # Before the package's own URLs, so it answers the discovery requests;
    # the package's named route still gives the issuer its path.
    re_path(r"^openid/\.well-known/openid-configuration/?$", views.DiscoveryView.as_view()),
    path("openid/", include("oidc_provider.urls", namespace="oidc_provider")),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("harness/<str:action>", views.harness),
]
