"""Replace Wagtail's welcome page with our home page and a course catalogue below it."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")

    Page.objects.filter(id=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    if HomePage.objects.exists():
        return
    locale = Locale.objects.first()
    home_ct, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    catalogue_ct, _ = ContentType.objects.get_or_create(model="courseindexpage", app_label="courses")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Học tập suốt đời",
        draft_title="Học tập suốt đời",
        slug="home",
        content_type=home_ct,
        path=f"{root.path}0001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        intro="Khóa học nghề, kỹ năng sống, pháp luật và kỹ năng số miễn phí cho người lao động.",
        live=True,
        body=[],
    )
    CourseIndexPage.objects.create(
        title="Khóa học",
        draft_title="Khóa học",
        slug="khoa-hoc",
        content_type=catalogue_ct,
        path=f"{home.path}0001",
        depth=3,
        numchild=0,
        url_path="/home/khoa-hoc/",
        locale=locale,
        live=True,
        per_page=12,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Học tập suốt đời")


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("courses", "0002_taxonomies"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
