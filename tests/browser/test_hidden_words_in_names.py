"""Visually hidden words inside a link or button join its name without a space: Chromium puts a space
around an absolutely positioned or flex-item part when it builds an accessible name, and a screen
reader read 「撤回申请 ：网店售后客服」 and 「上传 陈某甲的 材料」 with odd pauses. The page is the
project's own stylesheet around the markup the templates write; no server is needed."""

from __future__ import annotations

from pathlib import Path

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text(encoding="utf-8")

MARKUP = """
<p><a href="#">申请<span class="visually-hidden">：农产品网店客服</span></a></p>
<table class="stack"><thead><tr><th scope="col">操作</th><th scope="col">证明材料</th></tr></thead>
<tbody><tr><td data-label="操作"><a href="#">撤回申请<span class="visually-hidden">：网店售后客服</span></a>
<button type="submit" class="link-button">删除<span class="visually-hidden">张三的明细</span></button></td>
<td data-label="证明材料"><a href="#">上传<span class="visually-hidden">陈某甲的</span>材料</a></td></tr></tbody></table>
"""
NAMES = ["申请：农产品网店客服", "撤回申请：网店售后客服", "删除张三的明细", "上传陈某甲的材料"]


def _names(page) -> list[str]:
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [node["name"]["value"] for node in tree if node.get("role", {}).get("value") in ("link", "button")]


def test_hidden_words_join_the_name_without_a_space(page):
    for width in (1280, 375):  # on a phone the stacked table's links are 44 px blocks
        page.set_viewport_size({"width": width, "height": 740})
        page.set_content(f'<html lang="zh-CN"><head><style>{CSS}</style></head><body><main>{MARKUP}</main></body></html>')
        assert _names(page) == NAMES, width
        for link in page.locator("table.stack td a, table.stack td .link-button").all():
            box = link.bounding_box()
            assert box["width"] < 120, "the hidden words take no room"
            if width == 375:
                assert box["height"] >= 44
