"""StreamField blocks for course descriptions and lessons."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks import BodyBlock, DocumentBlock, ImageBlock, VideoBlock


class ScormBlock(blocks.StructBlock):
    """Placeholder for a SCORM package in a lesson; the scorm app supplies the player."""

    title = blocks.CharBlock(required=False, label=_("title"))
    package_id = blocks.IntegerBlock(required=False, min_value=1, label=_("SCORM package ID"))

    class Meta:
        icon = "form"
        template = "blocks/scorm_block.html"
        label = _("SCORM package")


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title", icon="title", template="blocks/heading_block.html", label=_("Heading"))
    paragraph = blocks.RichTextBlock(icon="pilcrow", label=_("Paragraph"))
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    scorm = ScormBlock()


class OutcomeListBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("outcome")), **kwargs)


__all__ = ["BodyBlock", "LessonBodyBlock", "OutcomeListBlock", "ScormBlock"]
