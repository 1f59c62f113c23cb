"""Admin page forms of the catalogue."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from scorm.permissions import packages_user_may_not_choose


def scorm_package_ids(body):
    return {
        int(item["value"]["package_id"])
        for item in (body.raw_data if body else [])
        if item["type"] == "scorm" and (item.get("value") or {}).get("package_id")
    }


class LessonPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.for_user is None or "body" not in cleaned_data:
            return cleaned_data
        # The chooser offers only the packages the editor may choose; a crafted POST must not place another
        # college's package either. Packages already in the lesson stay (another editor placed them).
        new = scorm_package_ids(cleaned_data["body"]) - scorm_package_ids(
            self.instance.body if self.instance.pk else None
        )
        refused = packages_user_may_not_choose(self.for_user, new)
        if refused:
            raise ValidationError(
                _("You may not use these SCORM packages in a lesson: %(ids)s.")
                % {"ids": ", ".join(str(pk) for pk in sorted(refused))}
            )
        return cleaned_data
