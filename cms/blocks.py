"""StreamField blocks shared by content pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    """A video from an embed URL (YouTube, Vimeo...) or an uploaded file, with optional captions."""

    embed = EmbedBlock(required=False, label=_("video URL"), help_text=_("YouTube, Vimeo or another oEmbed provider."))
    file = DocumentChooserBlock(required=False, label=_("video file"), help_text=_("An MP4 file."))
    captions = DocumentChooserBlock(required=False, label=_("captions"), help_text=_("A WebVTT (.vtt) file."))
    caption_language = blocks.CharBlock(required=False, default="vi", max_length=10, label=_("captions language"))
    title = blocks.CharBlock(required=False, label=_("title"))

    class Meta:
        icon = "media"
        template = "blocks/video_block.html"
        label = _("Video")

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        result = super().clean(value)
        if not result.get("embed") and not result.get("file"):
            raise StructBlockValidationError(
                block_errors={"embed": ValidationError(_("Give a video URL or choose a video file."))}
            )
        return result


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    description = blocks.CharBlock(required=False, label=_("description"))

    class Meta:
        icon = "doc-full"
        template = "blocks/document_block.html"
        label = _("Document")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title", icon="title", template="blocks/heading_block.html", label=_("Heading")
    )
    paragraph = blocks.RichTextBlock(icon="pilcrow", label=_("Paragraph"))
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentBlock()
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
