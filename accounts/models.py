from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from search.folding import fold

from .phone import normalise_phone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email) or None
        if extra_fields.get("phone"):
            extra_fields["phone"] = normalise_phone(extra_fields["phone"])
        else:
            extra_fields["phone"] = None
        if not email and not extra_fields.get("phone"):
            raise ValueError("A user needs an e-mail address or a phone number.")
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get_by_login(username)

    def get_by_login(self, login):
        """Find a user by e-mail (case-insensitive) or by phone number in any accepted spelling."""
        login = (login or "").strip()
        if "@" in login:
            return self.get(email__iexact=login)
        try:
            phone = normalise_phone(login)
        except ValidationError:
            raise self.model.DoesNotExist from None
        return self.get(phone=phone)


class User(AbstractBaseUser, PermissionsMixin):
    """A person: learner, editor, HR or union officer. Logs in with an e-mail address or a phone number."""

    full_name = models.CharField(_("full name"), max_length=200)
    # "nguyen van an" for "Nguyễn Văn An": officers search names typed without diacritics on a phone keyboard.
    name_folded = models.CharField(max_length=200, blank=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("phone number"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Vietnamese mobile number, e.g. 0912345678."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    employer_name = models.CharField(_("employer"), max_length=255, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False, help_text=_("Can log in to the admin site."))
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="accounts_user_has_login",
            ),
        ]

    def __str__(self):
        return self.full_name or self.email or self.phone or str(self.pk)

    def clean(self):
        # Not AbstractBaseUser.clean: it would copy get_username() (possibly the phone) into the email field.
        models.Model.clean(self)
        self.email = self.__class__.objects.normalize_email(self.email) or None
        if self.phone:
            self.phone = normalise_phone(self.phone)
        else:
            self.phone = None
        if not self.email and not self.phone:
            raise ValidationError(_("Enter an e-mail address or a phone number."))

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)[:200]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded"}
        super().save(*args, **kwargs)

    def get_username(self):
        return self.email or self.phone or ""

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        # Vietnamese names put the given name last: "Nguyễn Văn An" -> "An".
        return self.full_name.split()[-1] if self.full_name.strip() else self.get_username()

    @property
    def login(self):
        """The identifier the person logs in with."""
        return self.get_username()


def name_contains(q, user_field="user"):
    """A Q on `user_field`'s name holding `q`, diacritics and case ignored ("nguyen van" finds "Nguyễn Văn An")."""
    folded = fold(q)
    prefix = f"{user_field}__" if user_field else ""
    return models.Q(**{f"{prefix}name_folded__contains": folded}) if folded else models.Q(pk__in=[])
