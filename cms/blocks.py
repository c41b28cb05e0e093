"""The one shared set of StreamField blocks used by every content page."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题文字")
    level = blocks.ChoiceBlock(choices=[("h2", "二级标题"), ("h3", "三级标题")], default="h2", label="级别")

    class Meta:
        template = "cms/blocks/heading.html"
        icon = "title"
        label = "标题"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "document-link"], label="段落", icon="pilcrow"
    )
    # Wagtail's ImageBlock asks for alt text (or an explicit "decorative" choice) on every use.
    image = ImageBlock(label="图片")
    quote = blocks.BlockQuoteBlock(label="引用")

    class Meta:
        use_json_field = True
