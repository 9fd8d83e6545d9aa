"""Uploading a petition's files from its pages (originals on the petition page, reply material on the 转办件)."""

from django.urls import reverse

from petitions import services
from web.forms.once import add_form_token, create_once
from web.forms.petitions import AttachmentForm


def attach_form(request, *args):
    return add_form_token(AttachmentForm(*args, prefix="attach"), request.user)


def attach(request, petition, purpose, page):
    """Upload one file (originals: 纪检 staff; reply material: the department it was transferred to),
    once per rendered form. (the redirect to ``page``, None) when done, else (None, the form with its
    errors)."""
    form = attach_form(request, request.POST, request.FILES)

    def upload(data):
        return services.attachment_add(user=request.user, petition=petition, upload=data["file"], purpose=purpose)

    done = create_once(
        request,
        form,
        upload,
        success=lambda attachment: f"已上传材料：{attachment.original_name}",
        url=lambda _pk: reverse(page, kwargs={"pk": petition.pk}),
    )
    return (done, None) if done is not None else (None, form)
