#!/usr/bin/env python3
"""Turns JMH JSON results of fer-benchmarks into the Markdown tables of BENCHMARKS.md (ratios to each peer).

Usage: python3 fer-benchmarks/scripts/ratios.py results.json [more.json ...]
Later files win for the same benchmark and parameters, so a re-run of one group can be layered over a full run.
"""
import json
import sys


def load(paths):
    rows = {}
    for p in paths:
        with open(p) as f:
            for r in json.load(f):
                name = r["benchmark"].rsplit(".", 2)
                key = (name[-2], name[-1], tuple(sorted((r.get("params") or {}).items())))
                pm = r["primaryMetric"]
                alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
                rows[key] = {"score": pm["score"], "error": pm["scoreError"], "unit": pm["scoreUnit"],
                             "alloc": alloc, "threads": r.get("threads", 1)}
    return rows


def get(rows, cls, method, **params):
    return rows.get((cls, method, tuple(sorted(params.items()))))


def fmt(v, digits=1):
    return "n/a" if v is None else f"{v:,.{digits}f}"


def cell(r, digits=1):
    if r is None:
        return "n/a"
    err = r["error"]
    return f"{fmt(r['score'], digits)} ± {fmt(err, digits)}" if err == err else fmt(r["score"], digits)


def ratio(a, b):
    if a is None or b is None or b["score"] == 0:
        return "n/a"
    return f"{a['score'] / b['score']:.2f}"


def main(paths):
    rows = load(paths)
    print("### Preprocessing (µs per image, lower is better; ratio = fer / OpenCV, target ≤ 1.0)\n")
    print("| operation | fer-java | OpenCV | ratio | fer alloc B/op |")
    print("|---|---|---|---|---|")
    for op in ["ultraFace320", "yunet640", "yolo640", "align112", "gray64"]:
        a = get(rows, "PreprocessBenchmark", op + "_fer")
        b = get(rows, "PreprocessBenchmark", op + "_opencv")
        print(f"| {op} | {cell(a)} | {cell(b)} | {ratio(a, b)} | {fmt(a and a['alloc'], 0)} |")

    print("\n### Decoding + NMS on recorded outputs of the group photo (µs, ratio = fer / OpenCV port)\n")
    print("| model | fer-detect | JavaCV + NMSBoxes | ratio | fer alloc B/op |")
    print("|---|---|---|---|---|")
    for m in ["ultraface-rfb-320-raw", "yunet-2023mar", "yolov5n-0.5-face", "yolov8-lite-t-face"]:
        a = get(rows, "DecodeBenchmark", "decode_fer", model=m)
        b = get(rows, "DecodeBenchmark", "decode_opencv", model=m)
        print(f"| {m} | {cell(a)} | {cell(b)} | {ratio(a, b)} | {fmt(a and a['alloc'], 0)} |")

    print("\n### Inference per model on the 640×480 frame (ms per call)\n")
    print("| model | fer call | raw ORT run | OpenCV DNN forward | session.run share of fer call "
          "| fer / raw ORT | OpenCV / raw ORT | fer alloc B/op |")
    print("|---|---|---|---|---|---|---|---|")
    for m in ["yunet-2023mar", "ultraface-rfb-320", "retinaface-mnet025", "yolov5n-0.5-face",
              "yolov8-lite-t-face", "fer-mobilefacenet-int8", "fer-mini-xception"]:
        a = get(rows, "InferenceBenchmark", "fer", model=m)
        o = get(rows, "InferenceBenchmark", "ortRaw", model=m)
        c = get(rows, "InferenceBenchmark", "opencvDnn", model=m)
        share = "n/a" if a is None or o is None else f"{100 * o['score'] / a['score']:.0f} %"
        print(f"| {m} | {cell(a, 2)} | {cell(o, 2)} | {cell(c, 2)} | {share} | {ratio(a, o)} | {ratio(c, o)} "
              f"| {fmt(a and a['alloc'], 0)} |")

    print("\n### End to end: detect + align + classify (analyses per second, all threads; ratio = fer / OpenCV, "
          "target ≥ 1.5)\n")
    print("| image | threads | fer-java | OpenCV DNN pipeline | ratio | fer ms/analysis | fer alloc B/op "
          "| OpenCV alloc B/op |")
    print("|---|---|---|---|---|---|---|---|")
    for img in ["single", "group"]:
        for t, suffix in [(1, "1thread"), (2, "2threads")]:
            a = get(rows, "PipelineBenchmark", "fer_" + suffix, image=img)
            b = get(rows, "PipelineBenchmark", "opencv_" + suffix, image=img)
            ms = "n/a" if a is None else f"{1000 * t / a['score']:.1f}"
            print(f"| {img} | {t} | {cell(a)} | {cell(b)} | {ratio(a, b)} | {ms} | {fmt(a and a['alloc'], 0)} "
                  f"| {fmt(b and b['alloc'], 0)} |")

    print("\n### Where the end-to-end time goes (1 thread)\n")
    yunet = get(rows, "InferenceBenchmark", "ortRaw", model="yunet-2023mar")
    mfn = get(rows, "InferenceBenchmark", "ortRaw", model="fer-mobilefacenet-int8")
    print("| image | faces | fer ms/analysis | raw ORT ms (YuNet + faces × MobileFaceNet) | inside session.run "
          "| outside session.run | result objects B | allocation beyond the result B |")
    print("|---|---|---|---|---|---|---|---|")
    for img, faces in [("single", 1), ("group", 5)]:
        a = get(rows, "PipelineBenchmark", "fer_1thread", image=img)
        res = get(rows, "PipelineBenchmark", "resultObjects", image=img)
        if a is None or yunet is None or mfn is None:
            print(f"| {img} | {faces} | n/a | n/a | n/a | n/a | n/a | n/a |")
            continue
        ms = 1000 / a["score"]
        raw = yunet["score"] + faces * mfn["score"]
        beyond = None if res is None or a["alloc"] is None else a["alloc"] - res["alloc"]
        print(f"| {img} | {faces} | {ms:.1f} | {raw:.1f} | {100 * raw / ms:.0f} % | {100 * (1 - raw / ms):.0f} % "
              f"| {fmt(res and res['alloc'], 0)} | {fmt(beyond, 0)} |")


if __name__ == "__main__":
    main(sys.argv[1:])
