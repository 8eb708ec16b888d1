"""Metadata from the PDF alone for every real paper (the seven reading-list PDFs and the ten in
papers-extra), resolved as if none had a papers.toml entry.

Titles are SOURCES.md's; authors as printed on each title page (the reading-list ones as in
corpus/papers.toml); year and venue of this PDF: the venue printed on it, else its arXiv stamp."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shared_papers_dir

pytestmark = pytest.mark.integration

EXPECTED: dict[str, tuple[str, list[str], int, str]] = {
    "attention": (
        "Attention Is All You Need",
        ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones", "Aidan N. Gomez"]
        + ["Łukasz Kaiser", "Illia Polosukhin"],
        2017,
        "NIPS 2017",
    ),
    "bert": (
        "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        ["Jacob Devlin", "Ming-Wei Chang", "Kenton Lee", "Kristina Toutanova"],
        2019,
        "arXiv preprint",  # the arXiv v2 build names no venue
    ),
    "zero-infinity": (
        "ZeRO-Infinity: Breaking the GPU Memory Wall for Extreme Scale Deep Learning",
        ["Samyam Rajbhandari", "Olatunji Ruwase", "Jeff Rasley", "Shaden Smith", "Yuxiong He"],
        2021,
        "SC 2021",
    ),
    "pagedattention": (
        "Efficient Memory Management for Large Language Model Serving with PagedAttention",
        ["Woosuk Kwon", "Zhuohan Li", "Siyuan Zhuang", "Ying Sheng", "Lianmin Zheng", "Cody Hao Yu"]
        + ["Joseph E. Gonzalez", "Hao Zhang", "Ion Stoica"],
        2023,
        "SOSP 2023",
    ),
    "flashattention": (
        "FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness",
        ["Tri Dao", "Daniel Y. Fu", "Stefano Ermon", "Atri Rudra", "Christopher Ré"],
        2022,
        "arXiv preprint",
    ),
    "alisa": (
        "ALISA: Accelerating Large Language Model Inference via Sparsity-Aware KV Caching",
        ["Youpeng Zhao", "Di Wu", "Jun Wang"],
        2024,
        "arXiv preprint",
    ),
    "mlperf-training": ("MLPerf Training Benchmark", [], 2020, "MLSys 2020"),  # 37 authors: count below
    "attentionstore": (
        (
            "AttentionStore: Cost-effective Attention Reuse across Multi-turn Conversations in Large Language "
            "Model Serving"
        ),
        ["Bin Gao", "Zhuomin He", "Puru Sharma", "Qingxuan Kang", "Djordje Jevdjic", "Junbo Deng"]
        + ["Xingkun Yang", "Zhou Yu", "Pengfei Zuo"],
        2024,
        "arXiv preprint",
    ),
    "crux": (
        "Crux: GPU-Efficient Communication Scheduling for Deep Learning Training",
        ["Jiamin Cao", "Yu Guan", "Kun Qian", "Jiaqi Gao", "Wencong Xiao", "Jianbo Dong", "Binzhang Fu"]
        + ["Dennis Cai", "Ennan Zhai"],
        2024,
        "SIGCOMM 2024",
    ),
    "dlora": (
        "dLoRA: Dynamically Orchestrating Requests and Adapters for LoRA LLM Serving",
        ["Bingyang Wu", "Ruidong Zhu", "Zili Zhang", "Peng Sun", "Xuanzhe Liu", "Xin Jin"],
        2024,
        "OSDI 2024",
    ),
    "llumnix": (
        "Llumnix: Dynamic Scheduling for Large Language Model Serving",
        ["Biao Sun", "Ziming Huang", "Hanyu Zhao", "Wencong Xiao", "Xinyi Zhang", "Yong Li", "Wei Lin"],
        2024,
        "OSDI 2024",
    ),
    "muxserve": (
        "MuxServe: Flexible Spatial-Temporal Multiplexing for Multiple LLM Serving",
        ["Jiangfei Duan", "Runyu Lu", "Haojie Duanmu", "Xiuhong Li", "Xingcheng Zhang", "Dahua Lin"]
        + ["Ion Stoica", "Hao Zhang"],
        2024,
        "ICML 2024",
    ),
    "nanoflow": (
        "NanoFlow: Towards Optimal Large Language Model Serving Throughput",
        ["Kan Zhu", "Yilong Zhao", "Liangyu Zhao", "Gefei Zuo", "Yile Gu", "Dedong Xie", "Yufei Gao"]
        + ["Qinyu Xu", "Tian Tang", "Zihao Ye", "Keisuke Kamahori", "Chien-Yu Lin", "Stephanie Wang"]
        + ["Arvind Krishnamurthy", "Baris Kasikci"],
        2024,
        "arXiv preprint",
    ),
    "parrot": (
        "Parrot: Efficient Serving of LLM-based Applications with Semantic Variable",
        [
            "Chaofan Lin",
            "Zhenhua Han",
            "Chengruidong Zhang",
            "Yuqing Yang",
            "Fan Yang",
            "Chen Chen",
            "Lili Qiu",
        ],
        2024,
        "OSDI 2024",
    ),
    "punica": (
        "Punica: Multi-Tenant LoRA Serving",
        ["Lequn Chen", "Zihao Ye", "Yongji Wu", "Danyang Zhuo", "Luis Ceze", "Arvind Krishnamurthy"],
        2023,  # the arXiv v1 build (stamped 28 Oct 2023) of the MLSys 2024 paper; the style file's
        "arXiv preprint",  # /Subject "mlsys 2024" is set for submissions too, and no venue is printed
    ),
    "s-lora": (
        "S-LoRA: Serving Thousands of Concurrent LoRA Adapters",
        ["Ying Sheng", "Shiyi Cao", "Dacheng Li", "Coleman Hooper", "Nicholas Lee", "Shuo Yang"]
        + [
            "Christopher Chou",
            "Banghua Zhu",
            "Lianmin Zheng",
            "Kurt Keutzer",
            "Joseph E. Gonzalez",
            "Ion Stoica",
        ],
        2024,
        "MLSys 2024",
    ),
    "sparq": (
        "SparQ Attention: Bandwidth-Efficient LLM Inference",
        [
            "Luka Ribar",
            "Ivan Chelombiev",
            "Luke Hudlass-Galley",
            "Charlie Blake",
            "Carlo Luschi",
            "Douglas Orr",
        ],
        2024,
        "ICML 2024",
    ),
}


def _path(key: str) -> Path:
    src = shared_papers_dir()
    if src is None:
        pytest.skip("../shared/papers is not available")
    for folder in (src, src.parent / "papers-extra"):
        if (folder / f"{key}.pdf").is_file():
            return folder / f"{key}.pdf"
    pytest.skip(f"{key}.pdf is not available")


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_metadata_from_the_pdf_alone(key: str) -> None:
    from papermind.ingest.extract import extract
    from papermind.ingest.metadata import resolve

    title, authors, year, venue = EXPECTED[key]
    facts = resolve(extract(_path(key)), {})  # no reading list: everything from the PDF
    assert facts.source == "pdf"
    assert (facts.title, facts.year, facts.venue) == (title, year, venue)
    if key == "mlperf-training":
        assert (
            len(facts.authors) == 37
            and facts.authors[0] == "Peter Mattson"
            and "Tom St. John" in facts.authors
        )
    else:
        assert facts.authors == authors
