"""The image library: uploads checked by content, metadata stripped, renditions, serving."""

import io

import pytest
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, ImageCms
from PIL import Image as PILImage

from articles import images
from articles.models import Image

GPS = ExifTags.IFD.GPSInfo


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes its pictures to its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture_bytes(kind="JPEG", size=(800, 600), gps=False, mode="RGB"):
    picture = PILImage.new(mode, size, (200, 120, 80) if mode == "RGB" else (200, 120, 80, 128))
    out = io.BytesIO()
    if gps:
        exif = PILImage.Exif()
        exif[ExifTags.Base.Make] = "PhoneMaker"
        exif[ExifTags.Base.Model] = "Phone 12"
        exif[GPS] = {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.5),
            ExifTags.GPS.GPSLongitudeRef: "W",
            ExifTags.GPS.GPSLongitude: (0.0, 7.0, 39.0),
        }
        picture.save(out, kind, exif=exif)
    else:
        picture.save(out, kind)
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def new_image(**fields):
    defaults = {
        "slug": "walking-outdoors",
        "file": upload("walk.jpg", picture_bytes()),
        "alt_text": "A person walking on a path in a park.",
        "caption": "Walking is one of the best things you can do.",
        "credit": "BackHealth",
        "licence": "CC BY 4.0",
    }
    defaults.update(fields)
    image = Image(**defaults)
    image.full_clean()
    image.save()
    return image


def exif_of(data: bytes):
    with PILImage.open(io.BytesIO(data)) as picture:
        return picture.getexif(), picture.info


def test_the_gps_test_picture_really_has_gps():
    exif, _info = exif_of(picture_bytes(gps=True))
    assert exif.get_ifd(GPS)[ExifTags.GPS.GPSLatitudeRef] == "N"
    assert exif[ExifTags.Base.Make] == "PhoneMaker"


@pytest.mark.django_db
def test_a_jpeg_with_gps_is_stored_without_any_exif(media_root):
    image = new_image(file=upload("holiday.jpg", picture_bytes(gps=True)))
    stored = list(media_root.rglob("*.*"))
    assert len(stored) == 1 + 2 * len(image.renditions["sizes"])  # original + webp/jpeg pairs
    for path in stored:
        exif, info = exif_of(path.read_bytes())
        assert not exif.get_ifd(GPS), path.name
        assert len(exif) == 0, path.name
        assert "exif" not in info and "xmp" not in info, path.name
        assert b"PhoneMaker" not in path.read_bytes()


@pytest.mark.django_db
def test_a_sideways_photo_is_turned_upright_and_its_color_profile_dropped(media_root):
    picture = PILImage.new("RGB", (400, 300), (10, 200, 30))
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: show it rotated
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif, icc_profile=profile)
    image = new_image(file=upload("turned.jpg", out.getvalue()))
    assert (image.width, image.height) == (300, 400)
    for path in media_root.rglob("*.*"):
        with PILImage.open(path) as stored:
            assert stored.size[1] > stored.size[0], path.name
            assert "icc_profile" not in stored.info, path.name


@pytest.mark.django_db
def test_a_new_upload_replaces_the_old_files(media_root):
    image = new_image()
    old = set(media_root.rglob("*.*"))
    image.file = upload("other.png", picture_bytes("PNG", (500, 500)))
    image.save()
    new = set(media_root.rglob("*.*"))
    assert not old & new
    assert image.renditions["sizes"][0]["fallback"].endswith(".jpg")
    assert (image.width, image.height) == (500, 500)


@pytest.mark.django_db
def test_renditions_are_made_once_in_webp_and_jpeg(media_root):
    image = new_image(file=upload("big.jpg", picture_bytes(size=(1600, 1200))))
    sizes = image.renditions["sizes"]
    assert [s["width"] for s in sizes] == [360, 720, 1080, 1440]
    assert [s["height"] for s in sizes] == [270, 540, 810, 1080]
    assert (image.width, image.height) == (1600, 1200)
    assert image.renditions["fallback_type"] == "image/jpeg"
    for size in sizes:
        with PILImage.open(media_root / size["webp"]) as webp:
            assert webp.format == "WEBP" and webp.width == size["width"]
        with PILImage.open(media_root / size["fallback"]) as jpeg:
            assert jpeg.format == "JPEG" and jpeg.width == size["width"]
    before = sorted(p.name for p in media_root.rglob("*"))
    image.caption = "A new caption."
    image.save()  # no new upload: nothing is made again
    assert sorted(p.name for p in media_root.rglob("*")) == before


@pytest.mark.django_db
def test_a_small_transparent_png_keeps_its_size_and_a_png_fallback():
    image = new_image(file=upload("logo.png", picture_bytes("PNG", (300, 200), mode="RGBA")))
    assert [s["width"] for s in image.renditions["sizes"]] == [300]  # never scaled up
    assert image.renditions["fallback_type"] == "image/png"
    assert image.renditions["sizes"][0]["fallback"].endswith(".png")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "diagram.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG files cannot be uploaded",
        ),
        (
            "photo.png",
            b"<!doctype html><html><body><script>alert(1)</script></body></html>",
            "is not a JPEG, PNG or WebP picture",
        ),
        ("notes.png", b"just some text, not a picture at all", "whatever its name says"),
        ("anim.gif", None, "is a GIF file. Upload a JPEG, PNG or WebP picture."),
    ],
)
def test_files_that_are_not_pictures_are_refused(name, data, message):
    if data is None:
        data = picture_bytes("GIF", mode="RGB")
    with pytest.raises(ValidationError) as refused:
        images.check_upload(upload(name, data))
    assert message in " ".join(refused.value.messages)


def test_a_20_mb_file_is_refused_with_the_limit_in_words():
    data = picture_bytes() + b"\0" * (20 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        images.check_upload(upload("huge.jpg", data))
    message = " ".join(refused.value.messages).replace("\xa0", " ")
    assert "“huge.jpg” is 20.0 MB" in message
    assert "The largest picture you can upload is 10.0 MB." in message


def test_the_size_limit_is_the_sites_upload_setting(settings):
    settings.BACKHEALTH_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        images.check_upload(upload("a.jpg", picture_bytes()))
    assert "you can upload is 1.0\xa0KB" in refused.value.messages[0]


def test_a_picture_over_6000_pixels_is_refused():
    data = picture_bytes("PNG", size=(6001, 10))
    with pytest.raises(ValidationError, match="6001 × 10 pixels"):
        images.check_upload(upload("wide.png", data))


@pytest.mark.django_db
def test_alt_text_is_required_unless_decorative():
    with pytest.raises(ValidationError) as refused:
        new_image(alt_text="")
    assert "alt_text" in refused.value.message_dict
    image = new_image(alt_text="", decorative=True)
    assert image.pk


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["caption", "credit", "licence"])
def test_caption_credit_and_licence_are_required(field):
    with pytest.raises(ValidationError) as refused:
        new_image(**{field: ""})
    assert field in refused.value.message_dict


@pytest.mark.django_db
def test_a_library_image_cannot_take_a_diagrams_name():
    with pytest.raises(ValidationError) as refused:
        new_image(slug="lower-spine")
    assert "one of the site's own diagrams" in str(refused.value.message_dict["slug"])


def admin_post(client, name, data, **fields):
    values = {
        "slug": "test-picture",
        "alt_text": "A test picture.",
        "caption": "A caption.",
        "credit": "BackHealth",
        "licence": "CC BY 4.0",
        "file": upload(name, data),
    }
    values.update(fields)
    return client.post(reverse("admin:articles_image_add"), values)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("drawing.svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
        ("renamed.png", b"<html><body>Hello</body></html>", "is not a JPEG, PNG or WebP"),
    ],
)
def test_the_admin_refuses_non_pictures_with_a_clear_message(
    staff_client, media_root, name, data, message
):
    response = admin_post(staff_client, name, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert any(message in error for error in errors), errors
    assert not Image.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.*"))


@pytest.mark.django_db
def test_the_admin_form_refuses_a_20_mb_file(rf, staff_user):
    # The form itself (a site-wide request cap may stop such a request even earlier).
    request = rf.get("/")
    request.user = staff_user
    form_class = site._registry[Image].get_form(request)
    data = {"slug": "huge", "alt_text": "A.", "caption": "C.", "credit": "B.", "licence": "L."}
    big = picture_bytes() + b"\0" * (20 * 1024 * 1024)
    form = form_class(data=data, files={"file": upload("huge.jpg", big)})
    assert not form.is_valid()
    message = " ".join(form.errors["file"]).replace("\xa0", " ")
    assert "“huge.jpg” is 20.0 MB. The largest picture you can upload is 10.0 MB." in message


def test_the_admin_uploads_a_picture_and_shows_its_preview(staff_client, media_root):
    response = admin_post(staff_client, "photo.jpg", picture_bytes(gps=True))
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = Image.objects.get()
    page = staff_client.get(reverse("admin:articles_image_change", args=[image.pk]))
    html = page.content.decode()
    assert "800 × 600 pixels" in html
    assert 'alt="A test picture."' in html
    assert "figure:test-picture" in html  # how to use it in an article
    listing = staff_client.get(reverse("admin:articles_image_changelist")).content.decode()
    assert "test-picture" in listing


def test_a_picture_used_by_an_article_cannot_be_deleted(staff_client, make_article):
    image = new_image()
    delete = reverse("admin:articles_image_delete", args=[image.pk])
    article = make_article(body="Intro.\n\n![](figure:walking-outdoors)\n")
    assert staff_client.get(delete).status_code == 403
    html = staff_client.get(reverse("admin:articles_image_change", args=[image.pk])).content
    assert article.title in html.decode()  # "Used in" names the article
    article.delete()
    assert staff_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Image.objects.exists()


def test_the_admin_asks_for_alt_text(staff_client):
    response = admin_post(staff_client, "photo.jpg", picture_bytes(), alt_text="")
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors


@pytest.mark.django_db
def test_media_files_are_served_with_long_cache_and_nosniff(client):
    image = new_image()
    size = image.renditions["sizes"][0]
    for name, content_type in ((size["webp"], "image/webp"), (size["fallback"], "image/jpeg")):
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "max-age=31536000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]
        body = b"".join(response.streaming_content)
        assert body[:4] in (b"RIFF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")


@pytest.mark.django_db
def test_media_view_serves_only_pictures_inside_media_root(client, media_root):
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "images").mkdir()
    (media_root / "images" / "page.html").write_text("<script>alert(1)</script>")
    (media_root / "secret.jpg").write_bytes(picture_bytes())
    assert client.get("/media/images/page.html").status_code == 404
    assert client.get("/media/secret.jpg").status_code == 404  # outside images/
    assert client.get("/media/images/../secret.jpg").status_code == 404
    assert client.get("/media/images/missing.jpg").status_code == 404
    assert client.post("/media/images/missing.jpg").status_code in (403, 405)


@pytest.mark.django_db
def test_deleting_an_image_deletes_its_files(media_root):
    image = new_image()
    assert any(media_root.rglob("*.webp"))
    image.delete()
    assert not any(media_root.rglob("*.*"))
