from django.urls import path

from klik import views
from kombitportal.core.exports import export_paths

app_name = "klik"

urlpatterns = [
    path("", views.task_list, name="index"),
    *export_paths("eksport", views.task_export, "export"),
    path("oversigt/", views.kombit_overview, name="overview"),
    *export_paths("oversigt/<slug:part>", views.kombit_overview_export, "overview_export"),
    path("lokal/ny/", views.local_task_new, name="local_new"),
    path("<int:pk>/", views.task_detail, name="detail"),
    path("<int:pk>/rediger/", views.local_task_edit, name="local_edit"),
    path("<int:pk>/opgave.pdf", views.task_pdf, name="pdf"),
    path("<int:pk>/filer/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/filer/<int:file_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/filer/<int:file_pk>/slet/", views.attachment_remove, name="attachment_remove"),
    path("<int:pk>/status/", views.task_status, name="status"),
    path("<int:pk>/personer/", views.task_people, name="people"),
    path("filtre/gem/", views.filter_save, name="filter_save"),
    path("filtre/<int:pk>/", views.filter_apply, name="filter_apply"),
    path("filtre/<int:pk>/omdoeb/", views.filter_rename, name="filter_rename"),
    path("filtre/<int:pk>/slet/", views.filter_delete, name="filter_delete"),
]
