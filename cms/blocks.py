"""The one shared set of StreamField blocks used by every content page."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题文字")
    level = blocks.ChoiceBlock(choices=[("h2", "二级标题"), ("h3", "三级标题")], default="h2", label="级别")

    class Meta:
        template = "cms/blocks/heading.html"
        icon = "title"
        label = "标题"


class DocumentLinkBlock(blocks.StructBlock):
    """附件 — a document with the link text readers see (never a bare file name)."""

    document = DocumentChooserBlock(label="文件")
    title = blocks.CharBlock(label="链接文字", required=False, help_text="留空则使用文件标题")

    class Meta:
        template = "cms/blocks/document_link.html"
        icon = "doc-full"
        label = "附件"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "document-link"], label="段落", icon="pilcrow"
    )
    # Wagtail's ImageBlock asks for alt text (or an explicit "decorative" choice) on every use.
    image = ImageBlock(label="图片")
    quote = blocks.BlockQuoteBlock(label="引用")
    document = DocumentLinkBlock()

    class Meta:
        use_json_field = True
