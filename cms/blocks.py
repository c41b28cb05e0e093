"""The one shared set of StreamField blocks used by every content page."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock


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


class PhotoBlock(blocks.StructBlock):
    """照片 — a photo with the text read out in its place (required: a programme's photos are never
    decorative) and an optional caption."""

    image = ImageChooserBlock(label="照片")
    alt_text = blocks.CharBlock(
        label="替代文字", max_length=150,
        help_text="必填：用一句话说明照片里有什么，供看不见图片的读者使用，例如“学员在工作台前编竹篮”",
    )
    caption = blocks.CharBlock(label="图片说明", required=False, max_length=120)

    class Meta:
        template = "cms/blocks/photo.html"
        icon = "image"
        label = "照片"


class PhotoStreamBlock(blocks.StreamBlock):
    photo = PhotoBlock()

    class Meta:
        use_json_field = True


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
