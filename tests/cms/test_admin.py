"""The Wagtail admin works for editors with our custom user and catalogue snippets."""

import pytest
from django.contrib.auth import get_user_model

from courses.models import Provider, ProviderPage

User = get_user_model()


@pytest.fixture
def admin_client(client, db):
    admin = User.objects.create_superuser(email="admin@example.vn", password="x", full_name="Quản trị viên")
    client.force_login(admin)
    return client


def test_admin_creates_user_with_full_name_and_phone(admin_client):
    assert admin_client.get("/admin/users/new/").status_code == 200
    response = admin_client.post(
        "/admin/users/new/",
        {
            "full_name": "Lê Văn Đức",
            "email": "",
            "phone": "+84 912 000 111",
            "password1": "mot-mat-khau-dai-123",
            "password2": "mot-mat-khau-dai-123",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(full_name="Lê Văn Đức")
    assert user.phone == "0912000111"
    assert user.email is None


def test_admin_refuses_user_without_email_or_phone(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "full_name": "Không Liên Lạc",
            "email": "",
            "phone": "",
            "password1": "abc-xyz-12345",
            "password2": "abc-xyz-12345",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(full_name="Không Liên Lạc").exists()


def test_admin_refuses_invalid_phone(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {"full_name": "Số Sai", "phone": "12345", "password1": "abc-xyz-12345", "password2": "abc-xyz-12345"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(full_name="Số Sai").exists()


def test_provider_created_in_admin_gets_its_section(admin_client, catalogue):
    response = admin_client.post(
        "/admin/snippets/courses/provider/add/",
        {"name": "Trường Cao đẳng Cơ điện Hà Nội", "slug": "cd-co-dien-ha-noi", "short_name": "", "description": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    provider = Provider.objects.get(slug="cd-co-dien-ha-noi")
    section = ProviderPage.objects.get(provider=provider)
    assert section.get_parent().specific == catalogue
    assert section.live


def test_taxonomy_snippets_are_listed(admin_client):
    for url in [
        "/admin/snippets/courses/learningarea/",
        "/admin/snippets/courses/level/",
        "/admin/snippets/courses/digitalcompetence/",
    ]:
        assert admin_client.get(url).status_code == 200
