"""StreamField blocks for course descriptions and lessons."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blocks import BodyBlock, DocumentBlock, ImageBlock, VideoBlock
from scorm.blocks import PackageChooserBlock


class ScormBlock(blocks.StructBlock):
    """A SCORM package in a lesson, picked with the package chooser; the scorm app supplies the player."""

    title = blocks.CharBlock(required=False, label=_("title"))
    # Named package_id because lesson bodies store the package's id under it (an integer block before the chooser).
    package_id = PackageChooserBlock(required=False, label=_("SCORM package"))

    class Meta:
        icon = "form"
        template = "blocks/scorm_block.html"
        label = _("SCORM package")


class QuizChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"))
    correct = blocks.BooleanBlock(required=False, label=_("correct"))


class QuizQuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"))
    choices = blocks.ListBlock(QuizChoiceBlock(), min_num=2, label=_("answers"))
    explanation = blocks.TextBlock(required=False, label=_("explanation shown after answering"))


class QuizBlock(blocks.StructBlock):
    """A multiple-choice quiz with a pass mark and a limit on attempts; graded by the learning app."""

    title = blocks.CharBlock(required=False, label=_("title"))
    questions = blocks.ListBlock(QuizQuestionBlock(), min_num=1, label=_("questions"))
    pass_mark = blocks.IntegerBlock(default=80, min_value=0, max_value=100, label=_("pass mark (%)"))
    max_attempts = blocks.IntegerBlock(
        default=3, min_value=0, label=_("attempts allowed"), help_text=_("0 for unlimited.")
    )

    class Meta:
        icon = "help"
        template = "blocks/quiz_block.html"
        label = _("Quiz")


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="blocks/heading_block.html", label=_("Heading")
    )
    paragraph = blocks.RichTextBlock(icon="pilcrow", label=_("Paragraph"))
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    scorm = ScormBlock()
    quiz = QuizBlock()


class OutcomeListBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("outcome")), **kwargs)


__all__ = ["BodyBlock", "LessonBodyBlock", "OutcomeListBlock", "QuizBlock", "ScormBlock"]
