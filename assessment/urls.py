from django.urls import path, re_path

from assessment import views

app_name = "assessment"

wizard = views.AssessmentWizard.as_view(url_name="assessment:step")

urlpatterns = [
    path("check/", views.StartView.as_view(), name="start"),
    path("check/start/", views.begin, name="begin"),
    path("check/under-16/", views.under_16, name="under_16"),
    path("check/pain-map.css", views.pain_map_css, name="pain_map_css"),
    re_path(r"^check/(?P<step>[a-z_]{1,40})/$", wizard, name="step"),
    path("results/deleted/", views.result_deleted, name="deleted"),
    path("results/<str:token>/", views.result_detail, name="result"),
    path("results/<str:token>/delete/", views.result_delete, name="delete"),
]
